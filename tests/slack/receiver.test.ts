/**
 * integ's HTTP receiver (src/slack/receiver.ts), through the real Bolt app over HTTP with signed
 * requests: payloads that are not JSON objects, replayed requests (one app, and two apps on one
 * store), a store that cannot record a request, payloads Bolt cannot read, and OAuth installs
 * through the receiver.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../src/slack/receiver.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { commandBody, eventBody } from '../helpers/sign.js';
import { rawPost } from '../hardening/util.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

async function start(store: Store = new MemoryStore(), env: Record<string, string> = {}): Promise<Harness> {
  // the real deadline commands: what a request changed is in the store
  const h = await startHarness({ store, handleCommand: undefined, now: () => new Date(), env });
  harnesses.push(h);
  return h;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const now = () => Math.floor(Date.now() / 1000);
const v0 = (body: string, ts: number) => `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
/** The headers of one signed request, to send as often as a test likes. */
const signed = (type: string, body: string, ts = now()): [string, string][] => [
  ['content-type', type],
  ['x-slack-request-timestamp', String(ts)],
  ['x-slack-signature', v0(body, ts)],
];
/** A POST that does not wait for ever when the server never answers (it fails instead). */
const post = (url: string, body: string, headers: [string, string][]) =>
  Promise.race([rawPost(url, body, headers), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000))]);

const warnings = (h: Harness) => h.logs.filter((l) => l.startsWith('WARN'));
const errors = (h: Harness) => h.logs.filter((l) => l.startsWith('ERROR'));

describe('payloads that are not JSON objects', () => {
  it.each([
    ['a JSON body null', JSON_TYPE, 'null'],
    ['a form body payload=null', FORM, 'payload=null'],
    ['a JSON body that is a number', JSON_TYPE, '42'],
    ['a JSON body that is a string', JSON_TYPE, '"event_callback"'],
    ['a JSON body that is a list', JSON_TYPE, '[{"type":"event_callback"}]'],
    ['a form payload that is a list', FORM, 'payload=%5B1%2C2%5D'],
  ])('answers a correctly signed request carrying %s with 400 and a warning, and goes on serving', async (_name, type, body) => {
    const h = await start();
    const res = await post(h.url, body, signed(type, body));
    expect(res.status).toBe(400);
    expect(warnings(h).some((l) => /not a JSON object/.test(l))).toBe(true);
    expect(errors(h)).toEqual([]);
    // the next request is served as usual
    const next = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const ok = await post(h.url, next, signed(FORM, next));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).text).toMatch(/^Added d1: Report/);
    expect(h.engine.calls).toEqual([]);
  });

  it('still answers 401, not 400, when such a payload is not correctly signed', async () => {
    const h = await start();
    const res = await post(h.url, 'null', [['content-type', JSON_TYPE], ['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0('other', now())]]);
    expect(res.status).toBe(401);
  });
});

describe('replayed requests', () => {
  it('adds one deadline when the same signed "/integ deadline add" arrives three times, and acknowledges the repeats empty', async () => {
    const store = new MemoryStore();
    const h = await start(store);
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const headers = signed(FORM, body);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(h.url, body, headers));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(JSON.parse(answers[0].body).text).toMatch(/^Added d1: Report/);
    expect(answers.slice(1).map((a) => a.body)).toEqual(['', '']);
    expect((await store.listDeadlines('C1')).map((d) => d.title)).toEqual(['Report']);
    expect(warnings(h).filter((l) => /replay/.test(l))).toHaveLength(2);
    expect(errors(h)).toEqual([]);
  });

  it('adds one deadline when the three copies arrive at once', async () => {
    const store = new MemoryStore();
    const h = await start(store);
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const headers = signed(FORM, body);
    const answers = await Promise.all([0, 1, 2].map(() => post(h.url, body, headers)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await store.listDeadlines('C1')).toHaveLength(1);
  });

  it('adds two deadlines when the same command text comes twice with two signatures (a user typing it again)', async () => {
    const store = new MemoryStore();
    const h = await start(store);
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    await post(h.url, body, signed(FORM, body, now()));
    await post(h.url, body, signed(FORM, body, now() - 1));
    expect((await store.listDeadlines('C1')).map((d) => d.id)).toEqual(['d1', 'd2']);
  });

  it('refuses a replay sent to another app on the same store (another replica)', async () => {
    const store = new MemoryStore();
    const [a, b] = [await start(store), await start(store)];
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const headers = signed(FORM, body);
    const first = await post(a.url, body, headers);
    const again = await post(b.url, body, headers);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toBe('');
    expect(await store.listDeadlines('C1')).toHaveLength(1);
    expect(warnings(b).filter((l) => /replay/.test(l))).toHaveLength(1);
  });

  it('handles a request the store cannot record, and still refuses its replay on the same app', async () => {
    const inner = new MemoryStore();
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'markRequestSeen') return () => Promise.reject(new Error('disk full'));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const h = await start(store);
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const headers = signed(FORM, body);
    const first = await post(h.url, body, headers);
    expect(JSON.parse(first.body).text).toMatch(/^Added d1: Report/);
    const again = await post(h.url, body, headers);
    expect(again).toEqual({ status: 200, body: '' });
    expect(await inner.listDeadlines('C1')).toHaveLength(1);
    expect(warnings(h).some((l) => /could not record/.test(l) && /disk full/.test(l))).toBe(true);
  });

  it('handles a request whose signature the store does not record in time, and still refuses its replay on the same app', async () => {
    const inner = new MemoryStore();
    let checks = 0;
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        // a store that never answers: the request goes on after REPLAY_CHECK_WITHIN_MS
        if (prop === 'markRequestSeen') return () => (checks++, new Promise<boolean>(() => undefined));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const h = await start(store);
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const headers = signed(FORM, body);
    const first = await post(h.url, body, headers);
    expect(JSON.parse(first.body).text).toMatch(/^Added d1: Report/);
    const again = await post(h.url, body, headers);
    expect(again).toEqual({ status: 200, body: '' });
    expect(checks).toBe(1);
    expect(await inner.listDeadlines('C1')).toHaveLength(1);
    expect(warnings(h).some((l) => /could not record/.test(l) && /did not answer within/.test(l))).toBe(true);
  });

  it('does not let a forged request with a captured signature block the genuine one', async () => {
    const store = new MemoryStore();
    const h = await start(store);
    const body = commandBody({ text: 'deadline add 2026-12-15 Report' });
    const headers = signed(FORM, body);
    const forged = await post(h.url, body.replace('Report', 'Forged'), headers);
    expect(forged.status).toBe(401);
    const genuine = await post(h.url, body, headers);
    expect(JSON.parse(genuine.body).text).toMatch(/^Added d1: Report/);
  });
});

describe("payloads Bolt cannot read, and OAuth installs", () => {
  it('answers a signed event whose "item" is null with 400 and a warning, not an error', async () => {
    const h = await start();
    const body = eventBody({ type: 'reaction_added', user: 'U1', reaction: 'thumbsup', item: null, event_ts: '1700000000.1' });
    const res = await post(h.url, body, signed(JSON_TYPE, body));
    expect(res.status).toBe(400);
    expect(warnings(h).some((l) => /cannot be read/.test(l))).toBe(true);
    expect(errors(h)).toEqual([]);
  });

  it('serves the install page and authorizes through the installations with OAuth installs: an event from a workspace integ is not in is not handled', async () => {
    const h = await start(new MemoryStore(), { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'client-secret-0123456789', SLACK_STATE_SECRET: 'state-secret-0123456789abcdef' });
    const page = await fetch(h.url.replace('/slack/events', '/slack/install'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('client_id=1.2');
    const body = eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> FDI in 2024?', ts: '1700000100.000100', channel: 'C1' }, { team_id: 'TNOTINSTALLED' });
    const res = await post(h.url, body, signed(JSON_TYPE, body));
    expect(res.status).toBe(200);
    expect(h.logs.some((l) => /Authorization of incoming event did not succeed/.test(l))).toBe(true);
    expect(h.engine.calls).toEqual([]);
    expect(h.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
});
});

describe('keep-alive connections', () => {
  it('are kept longer than the idle timeout of the proxies in front of integ (Node’s 5 s would reset their requests)', async () => {
    const h = await start();
    const res = await fetch(h.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(res.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  });

  it('are closed when integ stops, also one whose request was under way: the stop does not wait for the keep-alive timeout', async () => {
    let arrived!: () => void;
    const inside = new Promise<void>((resolve) => (arrived = resolve));
    class SlowStore extends MemoryStore {
      override async markRequestSeen(key: string, at: string): Promise<boolean> {
        arrived();
        await new Promise((r) => setTimeout(r, 100));
        return super.markRequestSeen(key, at);
      }
    }
    const h = await start(new SlowStore());
    const agent = new Agent({ keepAlive: true });
    const body = commandBody({ text: 'help' });
    let closed = false;
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(h.url, { method: 'POST', agent, headers: Object.fromEntries(signed(FORM, body)) }, (res) => {
        res.socket.once('close', () => (closed = true));
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    await inside; // the request is under way
    const stopped = h.integ.stop();
    expect(await answered).toBe(200);
    await stopped; // without closing the connection once idle, this waits KEEP_ALIVE_TIMEOUT_MS (past the test's timeout)
    await expect.poll(() => closed).toBe(true);
    agent.destroy();
  });

  it('is closed after a body too large to read (413): the rest of it is never read', async () => {
    const h = await start();
    const body = JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', text: 'x'.repeat(5 * 1024 * 1024) } });
    const agent = new Agent({ keepAlive: true });
    const res = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(h.url, { method: 'POST', agent, headers: Object.fromEntries(signed(JSON_TYPE, body)) }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode ?? 0, connection: r.headers.connection }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res).toEqual({ status: 413, connection: 'close' });
    agent.destroy();
  });
});
