/**
 * A restart through the real Bolt app: what a team told integ (a digest subscription and its own
 * deadline) is still there after the app stops and a new one starts on the same data directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { commandBody } from '../helpers/sign.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';

const engine = loadEngine();
const now = () => new Date('2026-11-18T03:00:00Z'); // a Wednesday, 10:00 in Hanoi
let dir = '';
let running: Harness | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<Harness> {
  const store = await openLowdbStore(dir);
  const h = await startHarness({ store, engine, now, handleCommand: undefined });
  const stop = h.stop;
  running = h;
  return { ...h, stop: async () => { await stop(); await store.close(); } };
}

async function integ(h: Harness, text: string): Promise<string> {
  const res = await h.post(commandBody({ command: '/integ', text, channel_id: 'C0TEAM', user_id: 'U0ALICE', team_id: 'T0ONE' }));
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

describe('restarting integ', () => {
  it('keeps the channel subscription and its own deadline when the app restarts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'integ-restart-'));
    const first = await start();
    expect(await integ(first, 'digest on friday 16:30')).toMatch(/Friday/);
    expect(await integ(first, 'deadline add 2026-12-15 Submit the APEC 2027 logistics plan')).toMatch(/Added d\d+/);
    await first.stop();
    running = null;

    const second = await start();
    const state = await integ(second, 'digest');
    expect(state).toMatch(/Friday/);
    expect(state).toMatch(/16:30/);
    const list = await integ(second, 'deadlines');
    expect(list).toContain('Submit the APEC 2027 logistics plan');
    expect(list).toMatch(/15 Dec 2026/);
  });
});
