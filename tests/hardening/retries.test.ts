/**
 * Slack's retries and its 3-second acknowledgement window, over real HTTP:
 * - the same event_id delivered again (X-Slack-Retry-Num), even while the first is still being
 *   handled, is answered once, for mentions, DMs and App Home opens;
 * - Bolt runs with processBeforeResponse off, so an event whose handling is slow (slow store,
 *   slow Slack) is acknowledged at once;
 * - a slash command is acknowledged within 3 s even when the store is slow: the answer then comes
 *   through the command's response URL, once; a command that saves does save, and says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, startHarness, type Harness } from '../helpers/slack-app.js';
import { commandBody, eventBody } from '../helpers/sign.js';
import { MemoryStore } from '../../src/store/memory.js';
import { slowStore, type SlowStore } from './slow-store.js';
import { expectNoParsing, sleep } from './util.js';

let h: Harness | null = null;
afterEach(async () => {
  if (h) expectNoParsing(h.api.calls);
  await h?.stop();
  h = null;
});

const mention = (text: string, ts = '1700000100.000100') => ({ type: 'app_mention', user: 'U1', text, ts, channel: 'C1', event_ts: ts });
const dm = (text: string, ts = '1700000200.000100') => ({ type: 'message', channel_type: 'im', user: 'U1', text, ts, channel: 'D1', event_ts: ts });
const posts = () => h!.api.callsOf('chat.postMessage').filter((c) => !c.failed);
/** Slack's n-th retry: the same body, signed anew (another timestamp), with the retry headers. */
const retry = (n: number) => ({ ts: Math.floor(Date.now() / 1000) - n, headers: { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' } });

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t };
}

describe('Slack retries: one reply per event_id', () => {
  it.each([
    ['a mention', () => eventBody(mention('<@UBOT> FDI in 2024?')), () => posts()],
    ['a direct message', () => eventBody(dm('FDI in 2023?')), () => posts()],
    ['an App Home open', () => eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }), () => h!.api.callsOf('views.publish')],
  ])('answers %s once when Slack delivers it three times, the retries arriving while the first is still handled', async (_name, body, replies) => {
    h = await startHarness();
    h.api.delay('chat.postMessage', 300);
    h.api.delay('views.publish', 300);
    const b = body();
    const statuses = await Promise.all([h.post(b), sleep(20).then(() => h!.post(b, retry(1))), sleep(40).then(() => h!.post(b, retry(2)))]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.api.waitFor(() => replies().length >= 1);
    await sleep(600);
    expect(replies()).toHaveLength(1);
    expect(h.engine.calls.length).toBeLessThanOrEqual(1);
  });

  it('answers both events when two different event_ids carry the same text', async () => {
    h = await startHarness();
    await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    await h.post(eventBody(mention('<@UBOT> FDI in 2024?', '1700000101.000100')));
    await h.api.waitFor(() => posts().length === 2);
  });
});

describe('the 3-second acknowledgement', () => {
  it('acknowledges an event before it is handled (Bolt runs with processBeforeResponse off)', async () => {
    // the event's dedupe record waits until the test lets it through: the handling cannot finish before
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = new MemoryStore();
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'markEventProcessed') return async (id: string, at: string) => gate.then(() => target.markEventProcessed(id, at));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    h = await startHarness({ store });
    const res = await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    expect(res.status).toBe(200);
    expect(h.engine.calls).toEqual([]);
    expect(posts()).toEqual([]);
    release();
    await h.api.waitFor(() => posts().length === 1);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['FDI in 2024?']);
  });

  it('acknowledges a mention at once when the store takes 2 s per call and Slack 1 s per post, and still answers it', async () => {
    const store = slowStore(2000);
    h = await startHarness({ store });
    h.api.delay('chat.postMessage', 1000);
    const { value: res, ms } = await timed(h.post(eventBody(mention('<@UBOT> FDI in 2024?'))));
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(1000);
    await h.api.waitFor(() => posts().length === 1, 15_000);
    expect(posts()[0].args.text).toContain('Answer to: FDI in 2024?');
  }, 30_000);

  it('acknowledges a question within 3 s when the store takes 4 s per call, then answers once through the response URL', async () => {
    const store = slowStore(4000);
    h = await startHarness({ store });
    const { value: res, ms } = await timed(h.post(commandBody({ text: 'FDI in 2025?', response_url: h.api.responseUrl('slow-q') })));
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(2900);
    await res.text();
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'response_url'), 15_000);
    await sleep(200);
    const replies = h.api.callsOf('response_url');
    expect(replies).toHaveLength(1);
    expect(replies[0].responseId).toBe('slow-q');
    expect(replies[0].args).toMatchObject({ response_type: 'ephemeral' });
    expect(replies[0].args.text).toContain('Answer to: FDI in 2025?');
    expect(replies[0].token).toBeNull();
    expect(JSON.stringify(replies[0].args)).not.toContain(BOT_TOKEN);
  }, 30_000);

  it('acknowledges "deadline add" within 3 s when the store is slow, saves it, and then says it was added', async () => {
    const store = slowStore(3500);
    h = await startHarness({ store, handleCommand: undefined });
    const { value: res, ms } = await timed(h.post(commandBody({ text: 'deadline add 2026-12-15 Submit the report', response_url: h.api.responseUrl('slow-add') })));
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(2900);
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'response_url'), 20_000);
    const [reply] = h.api.callsOf('response_url');
    expect(reply.args.text).toMatch(/^Added d1: Submit the report/);
    expect(await (store as SlowStore).inner.listDeadlines('C1')).toMatchObject([{ id: 'd1', title: 'Submit the report', due: '2026-12-15' }]);
  }, 30_000);

  it('still answers in the acknowledgement itself when the store is fast', async () => {
    h = await startHarness({ store: slowStore(0) });
    const res = await h.post(commandBody({ text: 'FDI in 2025?', response_url: h.api.responseUrl('fast') }));
    expect(((await res.json()) as { text: string }).text).toContain('Answer to: FDI in 2025?');
    await sleep(100);
    expect(h.api.callsOf('response_url')).toEqual([]);
  });
});
