/** The message shortcut "Ask integ about this", through the real Bolt app against the Slack stand-in. */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_QUESTION, messageQuestion } from '../../src/slack/listeners/shortcuts.js';
import { SORRY } from '../../src/slack/shared.js';
import { MemoryStore } from '../../src/store/memory.js';
import { expectInert } from '../hardening/util.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

let n = 0;
/** A message_action payload: the shortcut used on a message in C1. */
function shortcut(message: Record<string, unknown>, over: Record<string, unknown> = {}) {
  n += 1;
  return actionBody({
    type: 'message_action',
    callback_id: 'integ_ask_about_message',
    trigger_id: `7.7.${n}`,
    message_ts: '1700000100.000100',
    response_url: h!.api.responseUrl(`s${n}`),
    message: { type: 'message', user: 'U2', ts: '1700000100.000100', ...message },
    user: { id: 'U7', name: 'bob', team_id: 'T1' },
    channel: { id: 'C1', name: 'general' },
    team: { id: 'T1', domain: 'test' },
    token: 'legacy-verification-token',
    action_ts: '1700000600.1',
    ...over,
  });
}

const responses = () => h!.api.callsOf('response_url');

describe('messageQuestion', () => {
  it('keeps the words and drops mentions, link addresses, emoji codes and formatting marks when a message has Slack markup', () => {
    const text = '<@U2> <!here> how much *FDI* did _Vietnam_ get in <https://gso.gov.vn/x|2025>? :chart_with_upwards_trend: see <https://evil.example> &amp; ~old~ `code` <#C9|trade>';
    expect(messageQuestion({ text })).toBe('how much FDI did Vietnam get in 2025? see & old code trade');
  });

  it('keeps a date’s fallback text and drops user groups and block quotes when a message has them', () => {
    expect(messageQuestion({ text: '&gt; quoted\n<!subteam^S1|@team> deadline <!date^1767225600^{date}|1 Jan 2026>?' })).toBe('quoted deadline 1 Jan 2026?');
  });

  it('cuts a long message at a word to at most the limit when the message is long', () => {
    const q = messageQuestion({ text: 'exports '.repeat(200) });
    expect(q.length).toBeLessThanOrEqual(MAX_MESSAGE_QUESTION);
    expect(q.endsWith('exports')).toBe(true);
  });

  it('uses the attachments’ text when the message has none of its own, and gives "" when nothing is left', () => {
    expect(messageQuestion({ text: '', attachments: [{ fallback: 'FDI report 2025' }, { text: 'trade deficit' }] })).toBe('FDI report 2025 trade deficit');
    expect(messageQuestion({ text: '<@U1> :tada: <https://x.example>' })).toBe('');
    expect(messageQuestion(undefined)).toBe('');
    expect(messageQuestion({ text: 42 })).toBe('');
  });
});

describe('"Ask integ about this"', () => {
  it('answers privately in the channel about the message’s plain text when the shortcut is used on a message', async () => {
    h = await startHarness();
    const res = await h.post(shortcut({ text: '<@U2> what was *FDI* in <https://gso.gov.vn/x|2025>? :eyes:' }));
    expect(res.status).toBe(200);
    await h.api.waitFor(() => responses().length === 1);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['what was FDI in 2025?']);
    const [reply] = responses();
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.args.text).toContain('Answer to: what was FDI in 2025?');
    const blocks = JSON.stringify(reply.args.blocks);
    expect(blocks).toContain('integ_share');
    expect(blocks).toContain('integ_feedback_up');
    expectInert(reply.args, { sourceUrls: /^https:\/\/example\.gov\.vn\// });
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
    // asked with the channel's own deadlines
    expect(typeof h.engine.calls[0].ctx?.listDeadlines).toBe('function');
  });

  it('answers with chat.postEphemeral when the shortcut comes without a response URL', async () => {
    h = await startHarness();
    await h.post(shortcut({ text: 'exports in 2024' }, { response_url: undefined }));
    await h.api.waitFor(() => h!.api.callsOf('chat.postEphemeral').length === 1);
    expect(h.api.callsOf('chat.postEphemeral')[0].args).toMatchObject({ channel: 'C1', user: 'U7' });
    expect(h.api.callsOf('chat.postEphemeral')[0].args.text).toContain('Answer to: exports in 2024');
  });

  it('answers in the user’s DM when it cannot answer privately in the channel', async () => {
    h = await startHarness();
    h.api.fail('response_url', { status: 404 });
    h.api.fail('chat.postEphemeral', { error: 'not_in_channel' });
    await h.post(shortcut({ text: 'exports in 2024' }));
    await h.api.waitFor(() => h!.api.callsOf('chat.postMessage').length === 1);
    const [dm] = h.api.callsOf('chat.postMessage');
    expect(dm.args.channel).toBe('U7');
    expect(dm.args.text).toContain('Answer to: exports in 2024');
    expect(h.logs.some((l) => l.includes('not_in_channel'))).toBe(true);
  });

  it('replies politely and asks nothing when the message has no text', async () => {
    h = await startHarness();
    await h.post(shortcut({ text: '', files: [{ id: 'F1' }] }));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral' });
    expect(responses()[0].args.text).toContain('That message has no text to ask about.');
    expect(h.engine.calls).toEqual([]);
  });

  it('replies in Vietnamese to a user who chose Vietnamese when the message has no text', async () => {
    const store = new MemoryStore();
    await store.setLanguage({ teamId: 'T1', kind: 'user', id: 'U7' }, 'vi', '2026-03-01T00:00:00Z');
    h = await startHarness({ store });
    await h.post(shortcut({ text: ':tada:' }));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args.text).toContain('Tin nhắn đó không có chữ nào để hỏi.');
  });

  it('queues the question for the curators when integ cannot answer it', async () => {
    h = await startHarness();
    await h.post(shortcut({ text: 'unknown thing about tariffs' }));
    await h.api.waitFor(() => responses().length === 1);
    await h.integ.stop();
    expect((await h.store.listUnanswered()).map((e) => e.question)).toEqual(['unknown thing about tariffs']);
  });

  it('says "Sorry…" privately and logs when answering fails', async () => {
    h = await startHarness();
    await h.post(shortcut({ text: 'boom' }));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral', text: SORRY });
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('engine exploded'))).toBe(true);
  });
});
