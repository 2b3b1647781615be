import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/serve.js';
import { ROOT } from '../../src/paths.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { commandBody, postSigned } from '../helpers/sign.js';

let api: SlackStandIn | null = null;
let dir: string | null = null;
afterEach(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  api = null;
  dir = null;
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  dir = mkdtempSync(join(tmpdir(), 'integ-serve-'));
  return { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api!.apiUrl, PORT: '0', INTEG_DATA_DIR: dir, LOG_LEVEL: 'warn', ...extra };
}

describe('integ serve', () => {
  it('exits 2 naming the missing variables when the Slack tokens are not set', async () => {
    let out = '';
    const code = await run([], { env: { INTEG_DATA_DIR: '/nonexistent' }, stderr: (t) => (out += t) });
    expect(code).toBe(2);
    expect(out).toContain('SLACK_BOT_TOKEN');
    expect(out).toContain('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode');
  });

  it('exits 2 with usage when given an unknown option', async () => {
    let out = '';
    expect(await run(['--bogus'], { stderr: (t) => (out += t) })).toBe(2);
    expect(out).toContain('unknown option --bogus');
  });

  it('exits 1 with a clear message, and releases the store, when Slack answers invalid_auth', async () => {
    api = await startSlackStandIn();
    api.answer('auth.test', { ok: false, error: 'invalid_auth' });
    let out = '';
    const e = env();
    const code = await run([], { env: e, engine: fakeEngine(), stderr: (t) => (out += t) });
    expect(code).toBe(1);
    expect(out).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
    expect(out).not.toContain(BOT_TOKEN);
    expect(existsSync(join(e.INTEG_DATA_DIR, 'integ.lock'))).toBe(false);
  });

  it('answers a signed slash command, then stops cleanly and closes the store when aborted', async () => {
    api = await startSlackStandIn();
    const e = env();
    const stop = new AbortController();
    let port: number | null = null;
    let out = '';
    const done = run(['--no-digests'], { env: e, engine: fakeEngine(), signal: stop.signal, stderr: (t) => (out += t), onReady: (i) => (port = i.port) });
    await expect.poll(() => port, { timeout: 5000 }).not.toBeNull();
    expect(existsSync(join(e.INTEG_DATA_DIR, 'integ.lock'))).toBe(true);
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ text: 'unknown thing' }), { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { response_type: string }).response_type).toBe('ephemeral');
    stop.abort();
    expect(await done).toBe(0);
    expect(existsSync(join(e.INTEG_DATA_DIR, 'integ.lock'))).toBe(false);
    const saved = readFileSync(join(e.INTEG_DATA_DIR, 'unanswered.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { question: string });
    expect(saved.map((u) => u.question)).toEqual(['unknown thing']);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(out).not.toContain(BOT_TOKEN);
  });

  it('stops and exits 1, saying why, when the store loses its lock', async () => {
    api = await startSlackStandIn();
    const e = env();
    let port: number | null = null;
    let out = '';
    const done = run(['--no-digests'], { env: e, engine: fakeEngine(), stderr: (t) => (out += t), onReady: (i) => (port = i.port) });
    await expect.poll(() => port, { timeout: 5000 }).not.toBeNull();
    rmSync(join(e.INTEG_DATA_DIR, 'integ.lock'), { recursive: true }); // as an operator might
    expect(await done).toBe(1); // at its next heartbeat
    expect(out).toContain(`this process lost the lock ${join(e.INTEG_DATA_DIR, 'integ.lock')} (its lock directory was deleted)`);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('starts with the real engine and exits 0 on SIGTERM when run as a process', async () => {
    api = await startSlackStandIn();
    const e = env({ LOG_LEVEL: 'info' });
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve', '--no-digests'], { cwd: ROOT, env: { PATH: process.env.PATH, ...e }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => /listening on port (\d+)/.exec(out), { timeout: 15000, interval: 50 }).not.toBeNull();
    const port = Number(/listening on port (\d+)/.exec(out)![1]);
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ text: 'How much FDI did Vietnam attract in the first seven months of 2025?' }), { secret: SIGNING_SECRET });
    const ack = (await res.json()) as { response_type: string; blocks: unknown[] };
    expect(ack.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack.blocks)).toMatch(/<https?:\/\/[^|]+\|/); // a cited source link from the knowledge base
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('integ: stopped');
    expect(existsSync(join(e.INTEG_DATA_DIR, 'integ.lock'))).toBe(false);
    expect(out).not.toContain(BOT_TOKEN);
  }, 30_000);

  it('writes every log line in one piece, up to "integ: stopped", when a process logging at debug level is stopped by SIGTERM', async () => {
    api = await startSlackStandIn();
    const e = env({ LOG_LEVEL: 'debug' });
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve', '--no-digests'], { cwd: ROOT, env: { PATH: process.env.PATH, ...e }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await expect.poll(() => /listening on port (\d+)/.exec(out), { timeout: 15000, interval: 50 }).not.toBeNull();
    const port = Number(/listening on port (\d+)/.exec(out)![1]);
    const triggers = ['1.sigterm', '2.sigterm', '3.sigterm'];
    for (const trigger_id of triggers) {
      const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ text: 'unknown thing', trigger_id }), { secret: SIGNING_SECRET });
      expect(res.status).toBe(200);
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as { msg: string; req_id?: string });
    expect(lines.filter((l) => l.msg === 'integ: request handled').map((l) => l.req_id)).toEqual(triggers);
    // the lines logged while stopping were still waiting for their batch at exit
    expect(lines.at(-1)).toMatchObject({ msg: 'integ: stopped' });
  }, 30_000);
});
