/**
 * Nothing a team told integ is lost or corrupted:
 * - a process killed (SIGKILL) at random points while it writes leaves the data file readable with
 *   the previous or the new state, never a broken one, and every write it reported is there;
 * - a write whose rename or data write fails leaves the previous file byte for byte;
 * - 100 concurrent `/integ deadline add` through the Slack app are all kept, with unique ids;
 * - a full disk or read-only directory gets the user a "couldn't save" reply through the Slack app
 *   (never a false "saved"), and the file is unchanged; a question is still answered (once, even
 *   when Slack retries it) although its event id cannot be recorded.
 */
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { ACTION, feedbackValue } from '../../src/render/blocks.js';
import { SORRY } from '../../src/slack/shared.js';
import { DATA_FILE, LOCK_FILE, openLowdbStore, StoreDataSchema, type FileOps, type LowdbStore } from '../../src/store/lowdb.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, commandBody, eventBody } from '../helpers/sign.js';
import { expectNoParsing, sleep } from './util.js';

let h: Harness | null = null;
let dir: string | null = null;
const open: LowdbStore[] = [];
afterEach(async () => {
  if (h) expectNoParsing(h.api.calls);
  await h?.stop();
  h = null;
  for (const s of open.splice(0)) await s.close();
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
  dir = null;
});

/** The lock's staleness for the writers killed here: proper-lockfile's least. */
const STALE = 2_000;
const mkdir = async () => (dir = await fsp.mkdtemp(join(tmpdir(), 'integ-state-')));
const titles = async (d: string) => {
  const json = JSON.parse(await fsp.readFile(join(d, DATA_FILE), 'utf8'));
  expect(StoreDataSchema.safeParse(json).success).toBe(true);
  return (json.deadlines as { id: string; title: string }[]).map((x) => x.title);
};

describe('a kill at any point of a write', () => {
  it('leaves the previous or the new state, never a broken file, over 12 SIGKILLs at random moments', async () => {
    const d = await mkdir();
    let reported = 0;
    const delays = [5, 17, 30, 45, 60, 80, 100, 130, 160, 200, 250, 320];
    for (const delay of delays) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/hardening/writer-child.ts'), d, '20000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      const until = Date.now() + 15_000;
      while (!out.includes('ready') && Date.now() < until) await sleep(5);
      expect(out, err).toContain('ready');
      await sleep(delay);
      child.kill('SIGKILL');
      await exited;
      // the dead writer's lock: the next writer would wait for it to go stale (the lock's own tests
      // cover that); here only the data file is under test, so it goes at once
      await fsp.rm(join(d, LOCK_FILE), { recursive: true, force: true });

      const saved = [...out.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
      const last = saved.length ? saved[saved.length - 1] : reported;
      // readable, valid, and a prefix n1…nk: the old state or the new one
      const t = await titles(d).catch(async (e: unknown) => {
        // no file yet is fine only if nothing was ever saved
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && last === 0) return [] as string[];
        throw e;
      });
      expect(t).toEqual(Array.from({ length: t.length }, (_, i) => `n${i + 1}`));
      // every reported write is there; at most the one in flight more
      expect(t.length).toBeGreaterThanOrEqual(last);
      expect(t.length).toBeLessThanOrEqual(last + 1);
      reported = t.length;
    }
    // and the store still opens (taking over the last dead writer's lock, once stale) and cleans its temp files
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/hardening/writer-child.ts'), d, '2000', String(STALE)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/saved/);
    child.kill('SIGKILL');
    await exited;
    reported = (await titles(d)).length;
    const s = await openLowdbStore(d, { lockStale: STALE });
    open.push(s);
    expect((await s.listDeadlines()).length).toBe(reported);
    expect((await fsp.readdir(d)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(reported).toBeGreaterThan(0);
  }, 120_000);
});

// ---------------------------------------------------------------- failing disks through the app

const fsError = (code: string) => Object.assign(new Error(`simulated ${code}`), { code });
/** [what fails, the file operations, whether appending to a log still works] */
const DISKS: [string, Partial<FileOps>, boolean][] = [
  [
    'a full disk (ENOSPC while writing)',
    {
      open: (async (...args: Parameters<FileOps['open']>) => {
        const fh = await fsp.open(...args);
        fh.writeFile = (async (data: string) => {
          await fsp.writeFile(args[0] as string, data.slice(0, data.length >> 1));
          throw fsError('ENOSPC');
        }) as typeof fh.writeFile;
        return fh;
      }) as FileOps['open'],
    },
    false,
  ],
  ['a read-only directory (EROFS on open)', { open: (async () => Promise.reject(fsError('EROFS'))) as unknown as FileOps['open'] }, false],
  ['a read-only directory (EACCES on open)', { open: (async () => Promise.reject(fsError('EACCES'))) as unknown as FileOps['open'] }, false],
  // feedback is appended to its log (no rename), so it is still saved, and the clicker thanked
  ['a failing rename (EIO)', { rename: async () => Promise.reject(fsError('EIO')) }, true],
];

describe('a store that cannot save', () => {
  it.each(DISKS)('replies "Couldn\'t save" through the Slack app, never "saved", and leaves the file unchanged, on %s', async (_name, ops, appendWorks) => {
    const d = await mkdir();
    const seed = await openLowdbStore(d);
    await seed.addDeadline({ channel: 'C1', title: 'Existing', due: '2026-12-01', createdBy: 'U1', createdAt: '2026-03-01T00:00:00Z' });
    await seed.putSubscription({ teamId: null, channel: 'C1', weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U1', createdAt: '2026-03-01T00:00:00Z' });
    await seed.close();
    const before = await fsp.readFile(join(d, DATA_FILE));

    const store = await openLowdbStore(d, { fs: ops });
    open.push(store);
    h = await startHarness({ store, handleCommand: undefined });
    const replies: Record<string, string> = {};
    for (const text of ['deadline add 2026-12-15 Submit the report', 'deadline done d1', 'deadline remove d1', 'digest on friday 16:00', 'digest off']) {
      const res = await h.post(commandBody({ text }));
      expect(res.status).toBe(200);
      replies[text] = ((await res.json()) as { text: string }).text;
    }
    for (const [text, reply] of Object.entries(replies)) {
      expect(reply, text).toMatch(/^Couldn't save .*: the data store is not accepting changes right now\. Nothing was changed; please try again in a minute\.$/);
      expect(reply, text).not.toMatch(/^(Added|Marked|Removed|Weekly deadline digest (on|off))/);
    }
    // a feedback click: saved and thanked in place when its log can be appended to, else the clicker is told, privately
    await h.post(actionBody({ type: 'block_actions', team: { id: 'T1' }, user: { id: 'U7' }, api_app_id: 'A1', container: { type: 'message', is_ephemeral: true }, response_url: h.api.responseUrl('fb'), actions: [{ type: 'button', action_id: ACTION.feedbackUp, value: feedbackValue('q', 'fdi'), action_ts: '1' }] }));
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
    const reply = h.api.callsOf('response_url')[0].args;
    if (appendWorks) {
      expect(reply).toMatchObject({ replace_original: true });
      expect(JSON.stringify(reply.blocks)).toContain('Thanks — noted');
    } else expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: SORRY });
    expect((await store.listFeedback()).map((f) => f.user)).toEqual(appendWorks ? ['U7'] : []);
    const reopened = await openLowdbStore(d, { readOnly: true });
    expect((await reopened.listFeedback()).map((f) => f.user)).toEqual(appendWorks ? ['U7'] : []);

    expect(await fsp.readFile(join(d, DATA_FILE))).toEqual(before);
    expect((await fsp.readdir(d)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // and what the app reads is still the saved state
    expect((await store.listDeadlines()).map((x) => [x.id, x.title, x.done])).toEqual([['d1', 'Existing', false]]);
    expect((await store.getSubscription('C1'))?.time).toBe('09:00');
  });
});

describe('a store that cannot save, for questions', () => {
  it('still answers a mention (once, even when Slack retries it) when the disk is full', async () => {
    const d = await mkdir();
    const store = await openLowdbStore(d, { fs: DISKS[0][1] });
    open.push(store);
    h = await startHarness({ store });
    const body = eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> FDI in 2024?', ts: '1700000100.000100', channel: 'C1' });
    await h.post(body);
    await h.post(body, { ts: Math.floor(Date.now() / 1000) - 1, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    await sleep(300);
    const posts = h.api.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0].args.text).toContain('Answer to: FDI in 2024?');
    expect(h.logs.some((l) => l.startsWith('WARN') && l.includes('ENOSPC'))).toBe(true);
  });
});

describe('concurrent updates', () => {
  it('keeps all of 100 concurrent "/integ deadline add" sent through the Slack app, with unique ids', async () => {
    const d = await mkdir();
    const store = await openLowdbStore(d);
    open.push(store);
    h = await startHarness({ store, handleCommand: undefined });
    const results = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const res = await h!.post(commandBody({ text: `deadline add 2026-12-15 Task ${i}`, channel_id: `C${i % 4}` }));
        return ((await res.json()) as { text: string }).text;
      }),
    );
    for (const r of results) expect(r).toMatch(/^Added d\d+: Task \d+ — 15 Dec 2026/);
    const ids = results.map((r) => /^Added (d\d+)/.exec(r)![1]);
    expect(new Set(ids).size).toBe(100);
    const onDisk = JSON.parse(await fsp.readFile(join(d, DATA_FILE), 'utf8')) as { deadlines: { id: string; title: string; channel: string }[]; nextDeadlineId: number };
    expect(onDisk.deadlines.map((x) => x.title).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `Task ${i}`).sort());
    expect(new Set(onDisk.deadlines.map((x) => x.id)).size).toBe(100);
    expect(onDisk.nextDeadlineId).toBe(101);
    for (const x of onDisk.deadlines) expect(x.channel).toBe(`C${Number(x.title.slice(5)) % 4}`);
  }, 30_000);
});
