import { afterEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { loadConfig } from '../../src/config.js';
import { createApp, type IntegApp } from '../../src/slack/app.js';
import { MemoryStore } from '../../src/store/memory.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { BOT_TOKEN, captureLogger, SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { opsUrl } from './util.js';

/** A store that cannot be reached (as a PostgreSQL store would be with the database down). */
class UnreachableStore extends MemoryStore {
  override async listSubscriptions(): Promise<never> {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }
}

let h: Harness | null = null;
let api: SlackStandIn | null = null;
let integ: IntegApp | null = null;
afterEach(async () => {
  await h?.stop();
  await integ?.stop();
  await api?.close();
  h = null;
  integ = null;
  api = null;
});

describe('GET /healthz', () => {
  it('answers 200 "ok" without a signature when the app runs over HTTP', async () => {
    h = await startHarness();
    const res = await fetch(opsUrl(h, '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('answers 200 even when the store is unreachable (the process is up)', async () => {
    h = await startHarness({ store: new UnreachableStore() });
    expect((await fetch(opsUrl(h, '/healthz'))).status).toBe(200);
  });
});

describe('GET /readyz', () => {
  it('answers 200 {"ok":true} when the knowledge is loaded and the store answers', async () => {
    h = await startHarness();
    const res = await fetch(opsUrl(h, '/readyz'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 503 with the reason when the store fails', async () => {
    h = await startHarness({ store: new UnreachableStore() });
    const res = await fetch(opsUrl(h, '/readyz'));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; reason: string };
    expect(body.ok).toBe(false);
    expect(body.reason).toMatch(/^store unreachable: connect ECONNREFUSED/);
  });

  it('answers 503 when the store does not answer within the timeout', async () => {
    class HangingStore extends MemoryStore {
      override listSubscriptions(): Promise<never> {
        return new Promise(() => undefined);
      }
    }
    h = await startHarness({ store: new HangingStore() });
    const res = await fetch(opsUrl(h, '/readyz'));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { reason: string }).reason).toMatch(/store unreachable: no answer within \d+ ms/);
  }, 10_000);

  it('answers 503 "knowledge base is empty" when the engine has no facts', async () => {
    const engine = fakeEngine();
    engine.kb = { facts: [] } as unknown as KnowledgeBase;
    h = await startHarness({ engine });
    const res = await fetch(opsUrl(h, '/readyz'));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, reason: 'knowledge base is empty' });
  });

  it('is not ready before start() and after stop()', async () => {
    api = await startSlackStandIn();
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0' });
    integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger: captureLogger() });
    expect(await integ.ready()).toEqual({ ok: false, reason: 'starting: not connected to Slack yet' });
    await integ.start();
    expect(await integ.ready()).toEqual({ ok: true });
    await integ.stop();
    expect(await integ.ready()).toMatchObject({ ok: false, reason: 'stopped' });
  });

  it('does not leak the bot token in the reason when the store error quotes it', async () => {
    class LeakyStore extends MemoryStore {
      override async listSubscriptions(): Promise<never> {
        throw new Error(`cannot connect with ${BOT_TOKEN}`);
      }
    }
    h = await startHarness({ store: new LeakyStore() });
    const text = await (await fetch(opsUrl(h, '/readyz'))).text();
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).toContain('[redacted]');
  });
});

describe('GET /metrics', () => {
  it('answers 404 when METRICS is not set (metrics are off by default)', async () => {
    h = await startHarness();
    const res = await fetch(opsUrl(h, '/metrics'));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('METRICS=1');
    expect(h.integ.metrics).toBeNull();
  });

  it('answers 200 in the Prometheus text format when METRICS=1', async () => {
    h = await startHarness({ env: { METRICS: '1' } });
    const res = await fetch(opsUrl(h, '/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of ['integ_requests_total', 'integ_answers_total', 'integ_answer_duration_seconds', 'integ_slack_api_calls_total', 'integ_digests_total', 'integ_store_errors_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

describe('Socket Mode', () => {
  it('serves /healthz, /readyz and /metrics on HEALTH_PORT, and closes it on stop()', async () => {
    const { startSocketModeStandIn } = await import('../helpers/socket-mode.js');
    api = await startSlackStandIn();
    const ws = await startSocketModeStandIn();
    try {
      api.answer('apps.connections.open', { ok: true, url: ws.url });
      const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-secretapptoken', SLACK_API_URL: api.apiUrl, HEALTH_PORT: '0', METRICS: '1' });
      integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger: captureLogger() });
      const started = await integ.start();
      expect(started).toMatchObject({ mode: 'socket', port: null });
      expect(started.healthPort).toBeGreaterThan(0);
      const base = `http://127.0.0.1:${started.healthPort}`;
      expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('integ_requests_total');
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
      await integ.stop();
      integ = null;
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      await ws.close();
    }
  });

  it('answers 503 on /readyz when the WebSocket to Slack is lost', async () => {
    const { startSocketModeStandIn } = await import('../helpers/socket-mode.js');
    api = await startSlackStandIn();
    const ws = await startSocketModeStandIn();
    let closed = false;
    try {
      api.answer('apps.connections.open', { ok: true, url: ws.url });
      const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-secretapptoken', SLACK_API_URL: api.apiUrl, HEALTH_PORT: '0' });
      integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger: captureLogger() });
      const { healthPort } = await integ.start();
      const readyz = `http://127.0.0.1:${healthPort}/readyz`;
      expect((await fetch(readyz)).status).toBe(200);
      await ws.close();
      closed = true;
      await expect.poll(async () => (await fetch(readyz)).status).toBe(503);
      expect(await (await fetch(readyz)).json()).toEqual({ ok: false, reason: 'Socket Mode: not connected to Slack (reconnecting)' });
      expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
    } finally {
      await integ?.stop();
      integ = null;
      if (!closed) await ws.close();
    }
  });

  it('serves no probes when HEALTH_PORT is not set', async () => {
    const { startSocketModeStandIn } = await import('../helpers/socket-mode.js');
    api = await startSlackStandIn();
    const ws = await startSocketModeStandIn();
    try {
      api.answer('apps.connections.open', { ok: true, url: ws.url });
      const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-secretapptoken', SLACK_API_URL: api.apiUrl });
      integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger: captureLogger() });
      expect(await integ.start()).toMatchObject({ mode: 'socket', port: null, healthPort: null });
    } finally {
      await integ?.stop();
      integ = null;
      await ws.close();
    }
  });
});
