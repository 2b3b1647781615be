/**
 * SIGTERM on a real `integ serve` process (real engine, lowdb store): replies and digest deliveries
 * already under way finish, and what they write (the thread's context, the delivery record) is in
 * the data file when the process exits 0.
 */
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';
import { eventBody, postSigned } from '../helpers/sign.js';
import { dayFromNow, dueSubscription } from './serve-harness.js';
import { expectNoParsing } from './util.js';

let api: SlackStandIn | null = null;
let dir: string | null = null;
afterEach(async () => {
  if (api) expectNoParsing(api.calls);
  await api?.close();
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
  api = null;
  dir = null;
});

describe('SIGTERM', () => {
  it('finishes the reply and the digest in flight and saves what they write before exiting 0', async () => {
    api = await startSlackStandIn();
    api.delay('chat.postMessage', 1500);
    dir = await fsp.mkdtemp(join(tmpdir(), 'integ-sigterm-'));
    const seed = await openLowdbStore(dir);
    await seed.putSubscription(dueSubscription('CDIG'));
    await seed.addDeadline({ channel: 'CDIG', title: 'Quarterly report', due: dayFromNow(6), createdBy: 'U1', createdAt: new Date().toISOString() });
    await seed.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', INTEG_DATA_DIR: dir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => /listening on port (\d+)/.exec(out), { timeout: 15_000, interval: 50 }).not.toBeNull();
    const port = Number(/listening on port (\d+)/.exec(out)![1]);

    const ts = '1700000100.000100';
    const body = eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> How much FDI did Vietnam attract in 2025?', ts, channel: 'C1' });
    const eventId = (JSON.parse(body) as { event_id: string }).event_id;
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    // both posts have reached Slack and wait for its answer (1.5 s): now stop
    await api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'C1') && calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'CDIG'), 10_000);
    const t = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t).toBeLessThan(12_000);

    const data = JSON.parse(await fsp.readFile(join(dir, 'integ.json'), 'utf8')) as {
      events: { id: string }[];
      threads: { key: string; slots: { years: number[] } }[];
      deliveries: { channel: string; status: string; ts: string | null }[];
    };
    expect(data.events.map((e) => e.id)).toContain(eventId);
    // written after the reply was posted: the reply finished before the store was closed
    expect(data.threads.map((x) => x.key)).toContain(`C1:${ts}`);
    expect(data.deliveries).toMatchObject([{ channel: 'CDIG', status: 'delivered' }]);
    expect(data.deliveries[0].ts).toMatch(/^\d+\.\d+$/);
    expect(api.callsOf('chat.postMessage').filter((c) => !c.failed).map((c) => c.args.channel).sort()).toEqual(['C1', 'CDIG']);
    expect(out).not.toMatch(/store is closed|StoreClosedError/);
    expect(out).not.toContain(BOT_TOKEN);
    await expect(fsp.access(join(dir, 'integ.lock'))).rejects.toThrow();
  }, 40_000);
});
