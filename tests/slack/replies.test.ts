/**
 * Exactly one reply as the conversation sees it, through the real Bolt app, when Slack takes a
 * chat.postMessage and its answer is lost (the connection drops, or the answer comes after the
 * client's timeout): the reply is looked for in the thread (or the DM) by its message metadata
 * before anything is posted again, and when the conversation cannot be read nothing is posted again
 * (src/slack/shared.ts replyInConversation, src/slack/post.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SORRY } from '../../src/slack/shared.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { eventBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const THREAD = '1700000100.000100';
const mention = (text: string) => ({ type: 'app_mention', user: 'U1', text, ts: THREAD, channel: 'C1', event_ts: THREAD });
const dm = (text: string) => ({ type: 'message', channel_type: 'im', user: 'U1', text, ts: '1700000200.000100', channel: 'D1', event_ts: '1700000200.000100' });
/** The replies in C1's thread, as the channel shows them. */
const thread = () => h!.api.messages('C1').filter((m) => m.thread_ts === THREAD);
/** Resolves when the app has finished handling the event `eventId` (its request line). */
const handled = (eventId: string) => expect.poll(() => h!.logs.some((l) => l.includes('integ: request handled') && l.includes(eventId)), { timeout: 10_000, interval: 20 }).toBe(true);
const eventIdOf = (body: string) => (JSON.parse(body) as { event_id: string }).event_id;

describe('a reply whose answer from Slack is lost', () => {
  it('posts one answer in the thread when Slack takes the post and the connection drops before its answer', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { accepted: true, reset: true });
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    expect((await h.post(body)).status).toBe(200);
    await handled(eventIdOf(body));
    expect(thread()).toHaveLength(1);
    expect(thread()[0].text).toContain('Answer to: FDI in 2024?');
    // found by its metadata (the request's event id) in the thread, not posted again
    expect(thread()[0].metadata).toEqual({ event_type: 'integ_reply', event_payload: { id: eventIdOf(body) } });
    const [look] = h.api.callsOf('conversations.replies');
    expect(look.args).toMatchObject({ channel: 'C1', ts: THREAD, include_all_metadata: 'true' });
    expect(h.api.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it('posts one answer in the thread when Slack answers only after the client has timed out', async () => {
    h = await startHarness({ slackTimeoutMs: 200 });
    h.api.fail('chat.postMessage', { accepted: true, delayMs: 1500 });
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    await h.post(body);
    await handled(eventIdOf(body));
    expect(thread()).toHaveLength(1);
    expect(thread()[0].text).toContain('Answer to: FDI in 2024?');
    expect(h.api.callsOf('conversations.replies')).toHaveLength(1);
    expect(h.api.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('posts one answer in a direct message when the connection drops, looking for it in the DM', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { accepted: true, reset: true });
    const body = eventBody(dm('FDI in 2023?'));
    await h.post(body);
    await handled(eventIdOf(body));
    expect(h.api.messages('D1').map((m) => m.text)).toEqual([expect.stringContaining('Answer to: FDI in 2023?')]);
    expect(h.api.callsOf('conversations.history')[0].args).toMatchObject({ channel: 'D1', include_all_metadata: 'true' });
  });

  it('posts the answer again when the lost post is not in the thread (Slack did not take it)', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { reset: true });
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    await h.post(body);
    await handled(eventIdOf(body));
    expect(thread().map((m) => m.text)).toEqual([expect.stringContaining('Answer to: FDI in 2024?')]);
    expect(h.api.callsOf('conversations.replies')).toHaveLength(1);
    expect(h.api.callsOf('chat.postMessage').map((c) => c.failed)).toEqual([true, false]);
  });

  it('posts nothing more, warns and counts it when the thread cannot be read after a lost answer', async () => {
    h = await startHarness({ env: { METRICS: '1' } });
    h.api.fail('chat.postMessage', { accepted: true, reset: true });
    h.api.fail('conversations.replies', { error: 'missing_scope' });
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    await h.post(body);
    await handled(eventIdOf(body));
    // the answer (which Slack did post) and nothing else: no second answer, no apology
    expect(thread().map((m) => m.text)).toEqual([expect.stringContaining('Answer to: FDI in 2024?')]);
    expect(thread().some((m) => m.text === SORRY)).toBe(false);
    const warnings = h.logs.filter((l) => l.startsWith('WARN') && l.includes('may or may not have been posted'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('missing_scope');
    expect(warnings[0]).toContain(eventIdOf(body));
    expect(await h.integ.metrics!.render()).toMatch(/^integ_replies_unknown_total 1$/m);
  });

  it('still waits out a 429 and posts once: a rate-limited post was not taken', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    await h.post(body);
    await handled(eventIdOf(body));
    expect(thread()).toHaveLength(1);
    expect(h.api.callsOf('chat.postMessage').map((c) => c.failed)).toEqual([true, false]);
    expect(h.api.callsOf('conversations.replies')).toEqual([]); // nothing to look for
  });
});

