import { INTENTS } from '../../intents/index.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type AskContext } from '../../src/answer/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Answer } from '../../src/answer/types.js';
import { loadConfig } from '../../src/config.js';
import { startScheduler } from '../../src/digest/runner.js';
import { instrumentStore } from '../../src/ops/instrument.js';
import { Metrics, methodLabel, slackErrorLabel } from '../../src/ops/metrics.js';
import { ACTION } from '../../src/render/blocks.js';
import { MemoryStore } from '../../src/store/memory.js';
import { DigestOutcomeUnknownError } from '../../src/digest/runner.js';
import { postOnce } from '../../src/slack/post.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { actionBody, commandBody, eventBody } from '../helpers/sign.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { getMetrics, sample } from './util.js';

let h: Harness | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await h?.stop();
  h = null;
});

const on = { env: { METRICS: '1' } };

describe('request metrics', () => {
  it('counts a signed slash command by kind and intent, and its answer and engine time, when handled by the real Bolt app', async () => {
    h = await startHarness(on);
    const before = await getMetrics(h);
    expect(sample(before, 'integ_requests_total', { kind: 'command', intent: 'fdi' })).toBe(0);

    const res = await h.post(commandBody({ text: 'FDI 2024' }));
    expect(res.status).toBe(200);
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_requests_total', { kind: 'command', intent: 'other' })).toBe(1);
    const text = await getMetrics(h);
    // the fake engine answers with intent "fdi", which is not one of its (empty) intents: "other"
    expect(sample(text, 'integ_answers_total', { intent: 'other', answered: 'true' })).toBe(1);
    expect(sample(text, 'integ_answer_duration_seconds_count', { intent: 'other' })).toBe(1);
    expect(sample(text, 'integ_requests_failed_total', { kind: 'command' })).toBe(0);
  });

  it('labels answers by the engine intent ids and counts unanswered questions when the engine knows the intent', async () => {
    const engine = fakeEngine();
    const inner = engine.ask.bind(engine);
    engine.intents = [{ id: 'fdi' } as never];
    engine.ask = (text: string, ctx?: AskContext): Answer => ({ ...inner(text, ctx), intent: /^unknown/.test(text) ? 'none' : 'fdi' });
    h = await startHarness({ ...on, engine });
    await h.post(commandBody({ text: 'FDI 2024' }));
    await h.post(commandBody({ text: 'unknown thing' }));
    await h.post(commandBody({ text: 'help' }));
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_requests_total', { kind: 'command', intent: 'help' })).toBe(1);
    const text = await getMetrics(h);
    expect(sample(text, 'integ_requests_total', { kind: 'command', intent: 'fdi' })).toBe(1);
    expect(sample(text, 'integ_requests_total', { kind: 'command', intent: 'none' })).toBe(1);
    expect(sample(text, 'integ_answers_total', { intent: 'fdi', answered: 'true' })).toBe(1);
    expect(sample(text, 'integ_answers_total', { intent: 'none', answered: 'false' })).toBe(1);
  });

  it('counts an answer each time a question is asked, when the second reply comes from the cache', async () => {
    h = await startHarness({ ...on, engine: createEngine(loadKnowledge(), { intents: INTENTS }) as never });
    for (let i = 0; i < 3; i++) expect((await h.post(commandBody({ text: 'FDI in 2025?' }))).status).toBe(200);
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_requests_total', { kind: 'command', intent: 'fdi' })).toBe(3);
    const text = await getMetrics(h);
    expect(sample(text, 'integ_answers_total', { intent: 'fdi', answered: 'true' })).toBe(3);
    expect(sample(text, 'integ_answer_duration_seconds_count', { intent: 'fdi' })).toBe(3);
  });

  it('counts mentions, DMs, button clicks and other events by kind when they arrive', async () => {
    h = await startHarness(on);
    await h.post(eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> FDI 2024', ts: '1700000100.000100', channel: 'C1' }));
    await h.post(eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: 'exports 2025', ts: '1700000200.000100', channel: 'D1' }));
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' }));
    await h.post(
      actionBody({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, trigger_id: '9.9.9', actions: [{ type: 'button', action_id: ACTION.feedbackUp, value: '{"q":"x","i":"y"}' }], response_url: h.api.responseUrl('fb') }),
    );
    await expect
      .poll(async () => {
        const t = await getMetrics(h!);
        return ['mention', 'dm', 'event', 'action'].map((kind) => sample(t, 'integ_requests_total', { kind, intent: kind === 'mention' || kind === 'dm' ? 'other' : 'n/a' }));
      })
      .toEqual([1, 1, 1, 1]);
  });

  it('counts a failed request when the engine throws', async () => {
    h = await startHarness(on);
    await h.post(commandBody({ text: 'boom' }));
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_requests_failed_total', { kind: 'command' })).toBe(1);
    expect(sample(await getMetrics(h), 'integ_requests_total', { kind: 'command', intent: 'n/a' })).toBe(1);
  });
});

describe('Slack Web API metrics', () => {
  it('counts Web API calls by method and result: ok, a Slack error code, and 429', async () => {
    h = await startHarness(on);
    let text = await getMetrics(h);
    expect(sample(text, 'integ_slack_api_calls_total', { method: 'auth.test', result: 'ok' })).toBe(1);

    h.api.fail('chat.postMessage', { error: 'not_in_channel' });
    await h.post(eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> FDI 2024', ts: '1700000100.000100', channel: 'C1' }));
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_slack_api_calls_total', { method: 'chat.postMessage', result: 'not_in_channel' })).toBe(1);

    h.api.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    const client = h.integ.client;
    await postOnce({ post: () => client.chat.postMessage({ channel: 'C1', text: 'hi' }) });
    text = await getMetrics(h);
    expect(sample(text, 'integ_slack_api_calls_total', { method: 'chat.postMessage', result: 'ratelimited' })).toBe(1);
    expect(sample(text, 'integ_slack_api_calls_total', { method: 'chat.postMessage', result: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('counts an error code outside the fixed list as "other"', async () => {
    h = await startHarness(on);
    h.api.fail('chat.postMessage', { error: 'a_brand_new_error' });
    await expect(h.integ.client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow();
    const text = await getMetrics(h);
    expect(sample(text, 'integ_slack_api_calls_total', { method: 'chat.postMessage', result: 'other' })).toBe(1);
    expect(text).not.toContain('a_brand_new_error');
  });

  it('counts posts to response URLs as method "response_url"', async () => {
    h = await startHarness(on);
    await h.post(
      actionBody({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, trigger_id: '9.9.8', actions: [{ type: 'button', action_id: ACTION.feedbackUp, value: '{"q":"x","i":"y"}' }], response_url: h.api.responseUrl('fb') }),
    );
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_slack_api_calls_total', { method: 'response_url', result: 'ok' })).toBe(1);
  });
});

describe('labels', () => {
  it('never puts user text in a label when a question carries a unique marker', async () => {
    const marker = `zqxmarker${Date.now()}`;
    const engine = fakeEngine();
    const inner = engine.ask.bind(engine);
    // even an intent made of user text (a buggy intent) must not become a label
    engine.ask = (text: string, ctx?: AskContext): Answer => ({ ...inner(text, ctx), intent: text.split(' ')[0] });
    h = await startHarness({ ...on, engine });
    h.api.fail('chat.postMessage', { error: marker });
    await h.post(commandBody({ text: `${marker} what is the FDI in 2024?` }));
    await h.post(eventBody({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${marker} exports`, ts: '1700000100.000100', channel: 'C1' }));
    await h.post(commandBody({ text: `deadline add 2026-12-15 ${marker}` }));
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_requests_total', { kind: 'mention', intent: 'other' })).toBe(1);
    const text = await getMetrics(h);
    expect(text).not.toContain(marker);
    expect(sample(text, 'integ_requests_total', { kind: 'command', intent: 'other' })).toBe(2);
  });

  it('keeps method names, error codes and intents to closed sets when given anything else', () => {
    expect(methodLabel('chat.postMessage')).toBe('chat.postMessage');
    expect(methodLabel('chat.postMessage?x=<script>')).toBe('other');
    expect(methodLabel('what is FDI')).toBe('other');
    expect(slackErrorLabel('channel_not_found')).toBe('channel_not_found');
    expect(slackErrorLabel('made_up')).toBe('other');
    const m = new Metrics({ intents: ['fdi', 'What is FDI?'], defaultMetrics: false });
    expect(m.intentLabel('fdi')).toBe('fdi');
    expect(m.intentLabel('What is FDI?')).toBe('other');
    expect(m.intentLabel(null)).toBe('n/a');
  });
});

describe('store and digest metrics', () => {
  it('counts store errors by Store method when the store fails', async () => {
    class FailingStore extends MemoryStore {
      override async recordUnanswered(): Promise<void> {
        throw new Error('disk full');
      }
    }
    h = await startHarness({ ...on, store: new FailingStore() });
    await h.post(commandBody({ text: 'unknown thing' }));
    await expect.poll(async () => sample(await getMetrics(h!), 'integ_store_errors_total', { op: 'recordUnanswered' })).toBe(1);
  });

  it('does not count a store error twice when the store is already instrumented', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    class FailingStore extends MemoryStore {
      override async getSubscription(): Promise<never> {
        throw new Error('down');
      }
    }
    const store = instrumentStore(instrumentStore(new FailingStore(), metrics), metrics);
    await expect(store.getSubscription('C1')).rejects.toThrow('down');
    expect(sample(await metrics.render(), 'integ_store_errors_total', { op: 'getSubscription' })).toBe(1);
  });

  it('counts digests delivered, skipped, failed and unknown, and the run, from the scheduler summary', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 in Ho Chi Minh City
    vi.setSystemTime(now);
    class RacingStore extends MemoryStore {
      #raced = false;
      // another runner claims C2 between the listing and the claims
      override async claimFirstDelivery(...args: Parameters<MemoryStore['claimFirstDelivery']>): ReturnType<MemoryStore['claimFirstDelivery']> {
        const c2 = args[0].find((k) => k.channel === 'C2');
        if (c2 && !this.#raced) {
          this.#raced = true;
          await super.claimDelivery(c2.channel, c2.week, args[1]);
        }
        return super.claimFirstDelivery(...args);
      }
    }
    const store = new RacingStore();
    for (const channel of ['C1', 'C2', 'CGONE', 'CLOST']) {
      await store.putSubscription({ teamId: null, channel, weekday: 1, time: '09:00', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U1', createdAt: '2026-01-01T00:00:00Z' });
    }
    const metrics = new Metrics({ defaultMetrics: false });
    const done = new Promise<void>((resolve) => {
      const s = startScheduler({
        store,
        kb: null,
        clock: () => now,
        intervalMs: 3_600_000,
        post: async (channel) => {
          if (channel === 'CGONE') throw Object.assign(new Error('An API error occurred: channel_not_found'), { code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } });
          if (channel === 'CLOST') throw new DigestOutcomeUnknownError("Slack's answer was lost (socket hang up) and the conversation could not be read to check (missing_scope)");
          return { ts: '1.1' };
        },
        onRun: (summary) => {
          metrics.digestRun(summary, now);
          void s.stop().then(resolve);
        },
      });
    });
    await done;
    const text = await metrics.render();
    expect(sample(text, 'integ_digests_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(text, 'integ_digests_total', { outcome: 'skipped' })).toBe(1);
    expect(sample(text, 'integ_digests_total', { outcome: 'failed' })).toBe(1);
    expect(sample(text, 'integ_digests_total', { outcome: 'unknown' })).toBe(1);
    expect(sample(text, 'integ_digest_runs_total')).toBe(1);
    expect(sample(text, 'integ_digest_last_run_timestamp_seconds')).toBe(now.getTime() / 1000);
  });
});

describe('METRICS', () => {
  it('reads METRICS=1/true/on as on and anything unset or 0 as off', () => {
    expect(loadConfig({ METRICS: '1' }).metrics).toBe(true);
    expect(loadConfig({ METRICS: 'TRUE' }).metrics).toBe(true);
    expect(loadConfig({ METRICS: '0' }).metrics).toBe(false);
    expect(loadConfig({}).metrics).toBe(false);
    expect(() => loadConfig({ METRICS: 'maybe' })).toThrow(/METRICS must be 1 \(on\) or 0 \(off\)/);
    expect(loadConfig({ HEALTH_PORT: '9100' }).healthPort).toBe(9100);
    expect(() => loadConfig({ HEALTH_PORT: 'x' })).toThrow(/HEALTH_PORT must be a port number/);
  });
});
