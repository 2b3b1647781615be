/**
 * Slack's faults, from the Web API stand-in, through the real app and `integ serve`:
 * - 429 with Retry-After: one post, after the wait (answers and digests);
 * - HTTP 500 or a reset connection: looked for, retried, one visible post (answers and digests);
 * - a post Slack took whose answer was lost: found in the channel, not posted again (digests;
 *   answers: tests/slack/replies.test.ts);
 * - invalid_auth at start: a clear message and a non-zero exit, from a real process;
 * - channel_not_found during a digest: that channel is skipped, unsubscribed and logged, the others
 *   are delivered, once each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { eventBody } from '../helpers/sign.js';
import { dayFromNow, dueSubscription, startServe, type Serve } from './serve-harness.js';
import { expectNoParsing, sleep } from './util.js';

let h: Harness | null = null;
let serve: Serve | null = null;
let api: SlackStandIn | null = null;
afterEach(async () => {
  for (const a of [h?.api, serve?.api, api]) if (a) expectNoParsing(a.calls);
  await h?.stop();
  await serve?.stop();
  await api?.close();
  h = null;
  serve = null;
  api = null;
});

const mention = (text: string) => eventBody({ type: 'app_mention', user: 'U1', text, ts: '1700000100.000100', channel: 'C1' });
const delivered = (a: SlackStandIn) => a.callsOf('chat.postMessage').filter((c) => !c.failed);

describe('answers', () => {
  it('posts once, after the wait, when Slack answers 429 with Retry-After: 2', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { status: 429, retryAfter: 2 });
    const t = Date.now();
    await h.post(mention('<@UBOT> FDI in 2024?'));
    await h.api.waitFor(() => delivered(h!.api).length === 1, 10_000);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1900);
    await sleep(300);
    expect(h.api.callsOf('chat.postMessage').map((c) => c.failed)).toEqual([true, false]);
  });

  it.each([
    ['an HTTP 500', { status: 500 }],
    ['a reset connection', { reset: true }],
  ])('retries after %s and shows the answer once', async (_name, failure) => {
    h = await startHarness();
    h.api.fail('chat.postMessage', failure);
    await h.post(mention('<@UBOT> FDI in 2024?'));
    await h.api.waitFor(() => delivered(h!.api).length === 1, 15_000);
    await sleep(300);
    const calls = h.api.callsOf('chat.postMessage');
    expect(calls.map((c) => c.failed)).toEqual([true, false]);
    expect(calls[1].args.text).toContain('Answer to: FDI in 2024?');
    expect(delivered(h.api)).toHaveLength(1);
  }, 20_000);

  it('apologises once, in the thread, when Slack answers a platform error (not retried: the same request gets the same answer)', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { error: 'internal_error' });
    await h.post(mention('<@UBOT> FDI in 2024?'));
    await h.api.waitFor(() => delivered(h!.api).length === 1, 5_000);
    await sleep(300);
    const calls = h.api.callsOf('chat.postMessage');
    expect(calls.map((c) => c.failed)).toEqual([true, false]);
    expect(calls[1].args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100' });
    expect(calls[1].args.text).toMatch(/^Sorry/);
  }, 20_000);
});

describe('digests from integ serve', () => {
  const seed = (channels: string[]) => async (s: import('../../src/store/types.js').Store) => {
    for (const c of channels) {
      await s.putSubscription(dueSubscription(c));
      await s.addDeadline({ channel: c, title: `Report for ${c}`, due: dayFromNow(5), createdBy: 'U1', createdAt: new Date().toISOString() });
    }
  };
  const ledger = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, 'integ.json'), 'utf8')) as { deliveries: { channel: string; status: string; ts: string | null }[]; subscriptions: { channel: string }[] });

  it('skips, unsubscribes and logs a channel Slack answers channel_not_found for, and delivers the others once', async () => {
    serve = await startServe({
      seed: seed(['C1', 'CGONE', 'C3']),
      prepare: (a) => a.fail('chat.postMessage', { error: 'channel_not_found', match: (args) => args.channel === 'CGONE' }),
    });
    await serve.api.waitFor(() => delivered(serve!.api).length === 2, 10_000);
    await sleep(300);
    expect(delivered(serve.api).map((c) => c.args.channel).sort()).toEqual(['C1', 'C3']);
    expect(serve.api.callsOf('chat.postMessage').filter((c) => c.args.channel === 'CGONE')).toHaveLength(1);
    const data = ledger(serve.dir);
    expect(data.subscriptions.map((s) => s.channel).sort()).toEqual(['C1', 'C3']);
    expect(data.deliveries.map((d) => [d.channel, d.status]).sort()).toEqual([
      ['C1', 'delivered'],
      ['C3', 'delivered'],
      ['CGONE', 'failed'],
    ]);
    const out = serve.out();
    expect(out).toMatch(/unsubscribed CGONE \(channel_not_found\)/);
    expect(out).not.toContain(BOT_TOKEN);
  });

  it('delivers each digest once when the first post gets a 429, a 500, a reset connection, or is taken and its answer lost', async () => {
    serve = await startServe({
      seed: seed(['C429', 'C500', 'CRST', 'CLOST']),
      prepare: (a) => {
        a.fail('chat.postMessage', { status: 429, retryAfter: 1, match: (args) => args.channel === 'C429' });
        a.fail('chat.postMessage', { status: 500, match: (args) => args.channel === 'C500' });
        a.fail('chat.postMessage', { reset: true, match: (args) => args.channel === 'CRST' });
        a.fail('chat.postMessage', { accepted: true, reset: true, match: (args) => args.channel === 'CLOST' });
      },
    });
    await serve.api.waitFor(() => delivered(serve!.api).length === 3, 15_000);
    await expect.poll(() => ledger(serve!.dir).deliveries.filter((d) => d.status === 'delivered').length, { timeout: 15_000, interval: 50 }).toBe(4);
    const byChannel = (c: string) => serve!.api.callsOf('chat.postMessage').filter((x) => x.args.channel === c).map((x) => x.failed);
    expect(byChannel('C429')).toEqual([true, false]);
    expect(byChannel('C500')).toEqual([true, false]);
    expect(byChannel('CRST')).toEqual([true, false]);
    // Slack posted it; the answer was lost: found in the channel's history, not posted again
    expect(byChannel('CLOST')).toEqual([true]);
    for (const c of ['C429', 'C500', 'CRST', 'CLOST']) expect(serve.api.messages(c)).toHaveLength(1);
    expect(ledger(serve.dir).deliveries.find((d) => d.channel === 'CLOST')).toMatchObject({ status: 'delivered', ts: serve.api.messages('CLOST')[0].ts });
  }, 20_000);

  it('records every delivery, retried ones included, so a restart posts nothing again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'integ-restart-'));
    try {
      serve = await startServe({ dir, seed: seed(['C1', 'C2']), prepare: (a) => a.fail('chat.postMessage', { status: 500, match: (args) => args.channel === 'C2' }) });
      await serve.api.waitFor(() => delivered(serve!.api).length === 2, 15_000);
      await sleep(300);
      expect(await serve.stop()).toBe(0);
      serve = null;
      expect(ledger(dir).deliveries.map((d) => [d.channel, d.status]).sort()).toEqual([
        ['C1', 'delivered'],
        ['C2', 'delivered'],
      ]);
      serve = await startServe({ dir });
      await sleep(800);
      expect(serve.api.callsOf('chat.postMessage')).toEqual([]);
    } finally {
      await serve?.stop();
      serve = null;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});

describe('start-up', () => {
  it('exits non-zero with a clear message, without the token, when Slack answers invalid_auth (a real process)', async () => {
    api = await startSlackStandIn();
    api.answer('auth.test', { ok: false, error: 'invalid_auth' });
    const dir = mkdtempSync(join(tmpdir(), 'integ-auth-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', INTEG_DATA_DIR: dir, LOG_LEVEL: 'debug' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).not.toBe(0);
      expect(code).toBe(1);
      expect(out).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
      expect(out).not.toContain(BOT_TOKEN);
      expect(out).not.toContain(SIGNING_SECRET);
      expect(out).not.toMatch(/listening on port/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
