import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/render/blocks.js';
import { SORRY } from '../../src/slack/shared.js';
import { makeAnswer } from '../helpers/answers.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { eventBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const mention = (text: string, over: Record<string, unknown> = {}) => ({ type: 'app_mention', user: 'U1', text, ts: '1700000100.000100', channel: 'C1', event_ts: '1700000100.000100', ...over });
const dm = (text: string, over: Record<string, unknown> = {}) => ({ type: 'message', channel_type: 'im', user: 'U1', text, ts: '1700000200.000100', channel: 'D1', event_ts: '1700000200.000100', ...over });
const posts = () => h!.api.callsOf('chat.postMessage').filter((c) => !c.failed);

/** Sends a distinct mention and waits for its reply: everything sent before it has been handled by then. */
async function sentinel(): Promise<void> {
  const n = posts().length;
  const res = await h!.post(eventBody(mention('<@UBOT> sentinel 2030', { channel: 'CSENT', ts: `17000009${n}.0001` })));
  expect(res.status).toBe(200);
  await h!.api.waitFor(() => posts().some((c) => c.args.channel === 'CSENT' && c.args.thread_ts === `17000009${n}.0001`));
  await new Promise((r) => setTimeout(r, 50));
}

describe('events', () => {
  it('answers the url_verification challenge when the request is signed', async () => {
    h = await startHarness();
    const res = await h.post(JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'chal-123' });
  });

  it('answers a mention in a thread on the mention, with the bot token, without the mention in the question', async () => {
    h = await startHarness();
    const res = await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    expect(res.status).toBe(200);
    await h.api.waitFor(() => posts().length === 1);
    const [call] = posts();
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100', unfurl_links: 'false' });
    expect(call.args.text).toContain('Answer to: FDI in 2024?');
    expect(JSON.stringify(call.args.blocks)).toContain(ACTION.feedbackUp);
    expect(h.engine.calls[0].text).toBe('FDI in 2024?');
    expect(h.engine.calls[0].ctx?.threadSlots).toBeNull();
  });

  it('replies in the existing thread and reuses its slots when a follow-up mention arrives there', async () => {
    h = await startHarness();
    await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    await h.api.waitFor(() => posts().length === 1);
    await expect.poll(() => h!.store.getThreadSlots('C1:1700000100.000100')).toMatchObject({ years: [2024] });

    await h.post(eventBody(mention('<@UBOT> and exports?', { ts: '1700000150.000100', thread_ts: '1700000100.000100' })));
    await h.api.waitFor(() => posts().length === 2);
    expect(posts()[1].args.thread_ts).toBe('1700000100.000100');
    expect(h.engine.calls[1].text).toBe('and exports?');
    expect(h.engine.calls[1].ctx?.threadSlots).toMatchObject({ years: [2024] });
    expect(posts()[1].args.text).toContain('(years 2024)');
  });

  it('does not reuse slots from another thread when a mention starts a new one', async () => {
    h = await startHarness();
    await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    await h.api.waitFor(() => posts().length === 1);
    await h.post(eventBody(mention('<@UBOT> and exports?', { ts: '1700000300.000100', thread_ts: '1700000299.000100' })));
    await h.api.waitFor(() => posts().length === 2);
    expect(h.engine.calls[1].ctx?.threadSlots).toBeNull();
  });

  it('answers a direct message in the DM, top-level, and carries its slots to the next DM question', async () => {
    h = await startHarness();
    await h.post(eventBody(dm('FDI in 2023?')));
    await h.api.waitFor(() => posts().length === 1);
    expect(posts()[0].args.channel).toBe('D1');
    expect(posts()[0].args.thread_ts).toBeUndefined();
    await h.post(eventBody(dm('and exports?', { ts: '1700000201.000100' })));
    await h.api.waitFor(() => posts().length === 2);
    expect(h.engine.calls[1].ctx?.threadSlots).toMatchObject({ years: [2023] });
  });

  it('ignores messages from bots, from itself and message edits', async () => {
    h = await startHarness();
    await h.post(eventBody(dm('FDI 2020 from a bot', { bot_id: 'B2', subtype: 'bot_message' })));
    await h.post(eventBody(dm('FDI 2021 from a bot without subtype', { bot_id: 'B2' })));
    await h.post(eventBody(dm('FDI 2022 my own echo', { user: 'UBOT', bot_id: 'BBOT' })));
    await h.post(eventBody(dm('edited', { subtype: 'message_changed' })));
    await h.post(eventBody(mention('<@UBOT> FDI 2019 from a bot', { bot_id: 'B2' })));
    await sentinel();
    expect(posts().map((c) => c.args.channel)).toEqual(['CSENT']);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['sentinel 2030']);
  });

  it('answers once when the same event is delivered again with X-Slack-Retry-Num', async () => {
    h = await startHarness();
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    const first = await h.post(body);
    // (a retry is signed anew: another timestamp, another signature)
    const again = await h.post(body, { ts: Math.floor(Date.now() / 1000) - 1, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, again.status]).toEqual([200, 200]);
    await sentinel();
    expect(posts().filter((c) => c.args.channel === 'C1')).toHaveLength(1);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['FDI in 2024?', 'sentinel 2030']);
  });

  it('publishes the App Home with help, examples and upcoming deadlines when the Home tab opens', async () => {
    h = await startHarness({ homeDeadlines: async () => makeAnswer({ intent: 'deadlines', headline: 'Next deadlines', points: Array.from({ length: 120 }, (_, i) => ({ text: `Deadline ${i}`, cites: [] })) }) });
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await h.api.waitFor(() => h!.api.callsOf('views.publish').length === 1);
    const [call] = h.api.callsOf('views.publish');
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.args.user_id).toBe('U1');
    expect(call.args.view.type).toBe('home');
    expect(call.args.view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(call.args.view.blocks);
    expect(text).toContain('I answer questions about Vietnam’s international integration.');
    expect(text).toContain('How much FDI in 2025?');
    expect(text).toContain('Next deadlines');
    expect(text).toContain('Deadline 0');
  });

  it('does not publish the Home view when the Messages tab opens', async () => {
    h = await startHarness();
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'messages', event_ts: '1700000000.1' }));
    await sentinel();
    expect(h.api.callsOf('views.publish')).toEqual([]);
  });

  it('replies "Sorry…" in the thread and logs the Slack error when posting the answer fails', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { error: 'channel_not_found' });
    await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    await h.api.waitFor(() => posts().length === 1);
    expect(posts()[0].args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100', text: SORRY });
    await expect.poll(() => h!.logs.filter((l) => l.startsWith('ERROR'))).toHaveLength(1);
    const error = h.logs.find((l) => l.startsWith('ERROR'))!;
    expect(error).toContain('event app_mention failed');
    expect(error).toContain('channel_not_found');
    for (const line of h.logs) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain(SIGNING_SECRET);
    }
  });

  it('replies "Sorry…" in the DM, top-level, and logs the error when answering a direct message fails', async () => {
    h = await startHarness();
    await h.post(eventBody(dm('boom')));
    await h.api.waitFor(() => posts().length === 1);
    expect(posts()[0].args).toMatchObject({ channel: 'D1', text: SORRY });
    expect(posts()[0].args.thread_ts).toBeUndefined();
    await expect.poll(() => h!.logs.filter((l) => l.startsWith('ERROR'))).toHaveLength(1);
    expect(h.logs.find((l) => l.startsWith('ERROR'))).toContain('event message failed: engine exploded');
  });

  it('replies "Sorry…" in the thread of the mention when answering it fails', async () => {
    h = await startHarness();
    await h.post(eventBody(mention('<@UBOT> boom')));
    await h.api.waitFor(() => posts().length === 1);
    expect(posts()[0].args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100', text: SORRY });
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('event app_mention failed: engine exploded'))).toBe(true);
  });

  it('logs the error and posts nothing when publishing the Home view fails', async () => {
    h = await startHarness();
    h.api.fail('views.publish', { error: 'not_authed' });
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('event app_home_opened failed') && l.includes('not_authed'))).toBe(true);
    await sentinel();
    expect(posts().map((c) => c.args.channel)).toEqual(['CSENT']);
  });

  it('logs a warning naming the workspace when the app is uninstalled or its tokens are revoked', async () => {
    h = await startHarness();
    await h.post(eventBody({ type: 'app_uninstalled' }, { team_id: 'T9' }));
    await h.post(eventBody({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] } }, { team_id: 'T9' }));
    await expect.poll(() => h!.logs.filter((l) => l.startsWith('WARN') && l.includes('workspace T9'))).toHaveLength(2);
    expect(h.logs.some((l) => l.includes('the app was uninstalled from workspace T9'))).toBe(true);
    expect(h.logs.some((l) => l.includes('tokens were revoked in workspace T9'))).toBe(true);
  });

  it('delivers the answer after waiting when Slack answers 429 with Retry-After', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await h.post(eventBody(dm('FDI in 2023?')));
    await h.api.waitFor(() => posts().length === 1, 8000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.api.callsOf('chat.postMessage').map((c) => c.failed)).toEqual([true, false]);
    expect(posts()[0].args.text).toContain('Answer to: FDI in 2023?');
  });
});

describe('App Home with the real engine', () => {
  it('lists the knowledge base deadlines with cited sources by default', async () => {
    const { loadEngine } = await import('../../src/engine.js');
    h = await startHarness({ engine: loadEngine() as never });
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await h.api.waitFor(() => h!.api.callsOf('views.publish').length === 1);
    const blocks = h.api.callsOf('views.publish')[0].args.view.blocks as unknown[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(blocks);
    expect(text).toContain('Upcoming deadlines');
    expect(text).toMatch(/\[1\]>? [^"]+ · \d{1,2} [A-Z][a-z]{2} \d{4} · /);
  });
});
