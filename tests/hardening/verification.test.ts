/**
 * Request verification over real HTTP: every way a request can be unsigned, mis-signed, stale,
 * from the future or tampered with gets a 401 and changes nothing (no engine call, no Web API
 * call, nothing stored). An unsigned ssl_check is answered and does nothing, even when a command
 * is smuggled into its body. Signed but unreadable or oversized bodies get a clean 400 or 413, and
 * a signed payload that is not a JSON object (`null`) gets 400 while a real `integ serve` process
 * goes on serving.
 * Controls: the same requests correctly signed within ±4 minutes work.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { MemoryStore } from '../../src/store/memory.js';
import { startSlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { commandBody, eventBody } from '../helpers/sign.js';
import { expectNoParsing, rawPost, sleep } from './util.js';

let h: Harness | null = null;
let store: MemoryStore;
afterEach(async () => {
  if (h) expectNoParsing(h.api.calls);
  await h?.stop();
  h = null;
});

async function start(): Promise<Harness> {
  store = new MemoryStore();
  // the real deadline commands: a forged "deadline add" would be visible in the store
  h = await startHarness({ store, handleCommand: undefined, now: () => new Date() });
  return h;
}

const now = () => Math.floor(Date.now() / 1000);
const sign = (body: string, ts: number | string, secret = SIGNING_SECRET, version = 'v0') =>
  `${version}=${createHmac('sha256', secret).update(`${version === 'v0' ? 'v0' : version}:${ts}:${body}`).digest('hex')}`;
const v0 = (body: string, ts: number | string, secret = SIGNING_SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const command = () => commandBody({ text: 'deadline add 2026-12-15 Forged deadline', response_url: 'http://127.0.0.1:9/never' });
const mention = () => eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> FDI in 2024?', ts: '1700000100.000100', channel: 'C1' });

/** Nothing happened: no engine call, no Web API call besides start-up's auth.test, nothing stored. */
async function expectNoEffect(): Promise<void> {
  await sleep(100);
  expect(h!.engine.calls).toEqual([]);
  expect(h!.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  const data = store.snapshot();
  expect(data.deadlines).toEqual([]);
  expect(data.events).toEqual([]);
  expect(data.unanswered).toEqual([]);
}

type Case = [name: string, headers: (body: string) => [string, string][]];
const bad: Case[] = [
  ['a timestamp 5 min 1 s old', (b) => [['x-slack-request-timestamp', String(now() - 301)], ['x-slack-signature', v0(b, now() - 301)]]],
  ['a timestamp a day old', (b) => [['x-slack-request-timestamp', String(now() - 86400)], ['x-slack-signature', v0(b, now() - 86400)]]],
  ['a timestamp 5 min 1 s in the future', (b) => [['x-slack-request-timestamp', String(now() + 301)], ['x-slack-signature', v0(b, now() + 301)]]],
  ['a timestamp a year in the future', (b) => [['x-slack-request-timestamp', String(now() + 365 * 86400)], ['x-slack-signature', v0(b, now() + 365 * 86400)]]],
  ['no signature header', () => [['x-slack-request-timestamp', String(now())]]],
  ['no timestamp header', (b) => [['x-slack-signature', v0(b, now())]]],
  ['neither header', () => []],
  ['the signature header twice (both valid)', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now())], ['x-slack-signature', v0(b, now())]]],
  ['the signature header twice (forged, then valid)', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now(), 'wrong-secret-123')], ['x-slack-signature', v0(b, now())]]],
  ['the timestamp header twice', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now())]]],
  ['an empty signature', () => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', '']]],
  ['a signature without a version', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now()).slice(3)]]],
  ['"v0=" and nothing else', () => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', 'v0=']]],
  ['a signature in upper-case hex', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', `v0=${v0(b, now()).slice(3).toUpperCase()}`]]],
  ['a truncated signature', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now()).slice(0, -2)]]],
  ['a signature with junk after it', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', `${v0(b, now())}=00`]]],
  ['a v1= signature (correct HMAC, unknown version)', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', sign(b, now(), SIGNING_SECRET, 'v1')]]],
  ['a v1= prefix on the v0 hash', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', `v1=${v0(b, now()).slice(3)}`]]],
  ['a signature made with another secret', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now(), 'not-the-signing-secret')]]],
  ['a non-numeric timestamp', (b) => [['x-slack-request-timestamp', 'abc'], ['x-slack-signature', v0(b, 'abc')]]],
  ['an empty timestamp', (b) => [['x-slack-request-timestamp', ''], ['x-slack-signature', v0(b, '')]]],
  ['a timestamp with junk after it', (b) => [['x-slack-request-timestamp', `${now()}x`], ['x-slack-signature', v0(b, `${now()}x`)]]],
  ['a negative timestamp', (b) => [['x-slack-request-timestamp', '-1'], ['x-slack-signature', v0(b, -1)]]],
  ['a signature for another timestamp', (b) => [['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(b, now() - 1)]]],
];

describe('request verification', () => {
  for (const [kind, body, type] of [['a slash command', command, FORM], ['an event', mention, JSON_TYPE]] as const) {
    it.each(bad)(`rejects ${kind} with 401 and no effect when it carries %s`, async (_name, headers) => {
      await start();
      const b = body();
      const res = await rawPost(h!.url, b, [['content-type', type], ...headers(b)]);
      expect(res.status).toBe(401);
      await expectNoEffect();
    });
  }

  it.each([
    ['the first byte', 0],
    ['a byte in the middle', 0.5],
    ['the last byte', 1],
  ])('rejects a signed command with 401 and no effect when %s of the body was changed', async (_name, where) => {
    await start();
    const b = command();
    const ts = now();
    const i = Math.min(b.length - 1, Math.floor(b.length * where));
    const changed = b.slice(0, i) + (b[i] === 'x' ? 'y' : 'x') + b.slice(i + 1);
    expect(changed).not.toBe(b);
    const res = await rawPost(h!.url, changed, [['content-type', FORM], ['x-slack-request-timestamp', String(ts)], ['x-slack-signature', v0(b, ts)]]);
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  it('rejects a signed event with 401 and no effect when one byte of its JSON was changed', async () => {
    await start();
    const b = mention();
    const ts = now();
    const changed = b.replace('FDI in 2024', 'FDI in 2025');
    const res = await rawPost(h!.url, changed, [['content-type', JSON_TYPE], ['x-slack-request-timestamp', String(ts)], ['x-slack-signature', v0(b, ts)]]);
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  it.each([
    ['JSON that does not parse', JSON_TYPE, '{"type":"event_callback","event":', 400],
    ['an interactivity payload that is not JSON', FORM, 'payload=%7Bnot-json', 400],
    ['a body over 4 MB', JSON_TYPE, JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', text: 'x'.repeat(5 * 1024 * 1024) } }), 413],
  ] as const)('answers a correctly signed request carrying %s with a clean %i and no effect', async (_name, type, body, status) => {
    await start();
    const ts = now();
    const res = await rawPost(h!.url, body, [['content-type', type], ['x-slack-request-timestamp', String(ts)], ['x-slack-signature', v0(body, ts)]]);
    expect(res.status).toBe(status);
    await expectNoEffect();
    expect(h!.logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it('answers an unsigned ssl_check with 200 and does nothing, even with a command smuggled into it', async () => {
    await start();
    for (const b of ['ssl_check=1&token=legacy', `ssl_check=1&${command()}`, `${command()}&ssl_check=1`]) {
      const res = await rawPost(h!.url, b, [['content-type', FORM]]);
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
    }
    await expectNoEffect();
  });

  it('answers correctly signed requests from 4 minutes ago and 4 minutes ahead (the controls)', async () => {
    await start();
    for (const ts of [now() - 240, now() + 240]) {
      const b = commandBody({ text: `FDI control ${ts}` });
      const res = await rawPost(h!.url, b, [['content-type', FORM], ['x-slack-request-timestamp', String(ts)], ['x-slack-signature', v0(b, ts)]]);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).text).toContain(`Answer to: FDI control ${ts}`);
    }
    const e = mention();
    const res = await rawPost(h!.url, e, [['content-type', JSON_TYPE], ['x-slack-request-timestamp', String(now())], ['x-slack-signature', v0(e, now())]]);
    expect(res.status).toBe(200);
    await h!.api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    expect(h!.engine.calls.map((c) => c.text)).toHaveLength(3);
  });
});

describe('a real integ serve process', () => {
  it('answers signed null payloads (JSON null, payload=null) with 400 and a warning, and goes on serving', async () => {
    const api = await startSlackStandIn();
    const dir = mkdtempSync(join(tmpdir(), 'integ-null-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', INTEG_DATA_DIR: dir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let port: number | null = null;
      while (port === null && child.exitCode === null) {
        port = Number(/listening on port (\d+)/.exec(out)?.[1] ?? NaN) || null;
        if (port === null) await sleep(50);
      }
      expect(port, out).not.toBeNull();
      const url = `http://127.0.0.1:${port}/slack/events`;
      const send = (type: string, body: string) => {
        const ts = now();
        return rawPost(url, body, [['content-type', type], ['x-slack-request-timestamp', String(ts)], ['x-slack-signature', v0(body, ts)]]).catch((err: Error) => ({ status: 0, body: err.message }));
      };
      expect(await send(JSON_TYPE, 'null')).toEqual({ status: 400, body: '' });
      expect(await send(FORM, 'payload=null')).toEqual({ status: 400, body: '' });
      const next = await send(FORM, commandBody({ text: 'help' }));
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).text).toBeTruthy();
      expect(child.exitCode).toBeNull();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // (log lines are written in batches: all of them are out once the process has exited)
      expect(out.split('\n').filter((l) => l.includes('"level":"warn"') && l.includes('not a JSON object'))).toHaveLength(2);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
