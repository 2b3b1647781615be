import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_RECORDS, StoreCorruptError, StoreLockedError, StoreReadOnlyError, StoreWriteError } from '../../src/store/errors.js';
import {
  DATA_FILE,
  LOCK_FILE,
  LOG_FILES,
  LockCompromisedError,
  openLowdbStore,
  type FileOps,
  type LowdbStore,
} from '../../src/store/lowdb.js';
import { LOCK_OWNER_FILE } from '../../src/store/lock.js';
import { emptyData } from '../../src/store/memory.js';
import type { Subscription } from '../../src/store/types.js';
import { storeContract } from './contract.js';

const mkdir = () => fsp.mkdtemp(join(tmpdir(), 'integ-store-'));

storeContract('lowdb', async () => {
  const dir = await mkdir();
  let store = await openLowdbStore(dir);
  return {
    store,
    reopen: async () => {
      await store.close();
      store = await openLowdbStore(dir);
      return store;
    },
    withLanguages: async (languages) => {
      await store.close();
      await fsp.writeFile(join(dir, DATA_FILE), JSON.stringify({ ...emptyData(), languages }));
      store = await openLowdbStore(dir);
      return store;
    },
    cleanup: async () => {
      await store.close();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
});

const sub = (channel: string, time = '09:00'): Subscription => ({
  teamId: null,
  channel,
  weekday: 1,
  time,
  tz: 'Asia/Ho_Chi_Minh',
  createdBy: 'U1',
  createdAt: '2026-11-20T00:00:00.000Z',
});

const unanswered = (i: number) => ({ at: '2026-11-22T00:00:00.000Z', question: `question ${i}`, normalised: `question ${i}` });

describe('lowdb store', () => {
  let dir: string;
  const open: LowdbStore[] = [];
  const track = (s: LowdbStore) => (open.push(s), s);

  beforeEach(async () => {
    dir = await mkdir();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const dataFile = () => join(dir, DATA_FILE);
  const tempFiles = async () => (await fsp.readdir(dir)).filter((n) => n.endsWith('.tmp'));

  it('creates the data directory and writes valid JSON on the first change', async () => {
    const nested = join(dir, 'a', 'b');
    const s = track(await openLowdbStore(nested));
    expect(existsSync(join(nested, DATA_FILE))).toBe(false);
    await s.putSubscription(sub('C1'));
    const json = JSON.parse(await fsp.readFile(join(nested, DATA_FILE), 'utf8'));
    expect(json.subscriptions).toEqual([sub('C1')]);
    expect(json.version).toBe(1);
  });

  it('opens a data file written before languages existed, and adds them leaving the rest as it was', async () => {
    const old = {
      version: 1,
      nextDeadlineId: 2,
      subscriptions: [sub('C1')],
      deadlines: [{ id: 'd1', channel: 'C1', title: 'Report', due: '2026-12-15', createdBy: 'U1', createdAt: '2026-11-22T00:00:00.000Z', done: false, doneAt: null }],
      deliveries: [],
      events: [],
      threads: [],
      feedback: [],
      unanswered: [],
    };
    await fsp.writeFile(dataFile(), JSON.stringify(old));
    const s = track(await openLowdbStore(dir));
    expect(await s.getSubscription('C1')).toEqual(sub('C1'));
    expect(await s.getSubscription('C1')).not.toHaveProperty('lang');
    expect(await s.getLanguages({ teamId: null, user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: null });
    await s.setLanguage({ teamId: null, kind: 'channel', id: 'C1' }, 'vi', '2026-11-23T00:00:00.000Z');
    await s.putSubscription({ ...sub('C2'), lang: 'vi' });
    const json = JSON.parse(await fsp.readFile(dataFile(), 'utf8'));
    expect(json).toEqual({
      ...old,
      subscriptions: [sub('C1'), { ...sub('C2'), lang: 'vi' }],
      languages: [{ teamId: null, kind: 'channel', id: 'C1', lang: 'vi', at: '2026-11-23T00:00:00.000Z' }],
    });
    // cleared again: the field goes, and the file has its old shape
    await s.setLanguage({ teamId: null, kind: 'channel', id: 'C1' }, null, '2026-11-24T00:00:00.000Z');
    expect(JSON.parse(await fsp.readFile(dataFile(), 'utf8'))).not.toHaveProperty('languages');
  });

  describe('atomic writes', () => {
    const failing = (which: 'rename' | 'open' | 'write' | 'sync', code = 'EIO'): Partial<FileOps> => {
      const err = () => Object.assign(new Error(`simulated ${which} failure`), { code });
      if (which === 'rename') return { rename: async () => Promise.reject(err()) };
      if (which === 'open') return { open: (async () => Promise.reject(err())) as unknown as FileOps['open'] };
      return {
        open: (async (...args: Parameters<FileOps['open']>) => {
          const fh = await fsp.open(...args);
          if (which === 'write') {
            // writes half the bytes, then fails like a full disk
            fh.writeFile = (async (data: string) => {
              await fsp.writeFile(args[0] as string, data.slice(0, data.length >> 1));
              throw err();
            }) as typeof fh.writeFile;
          } else {
            fh.sync = async () => Promise.reject(err());
          }
          return fh;
        }) as FileOps['open'],
      };
    };

    for (const [which, code] of [
      ['rename', 'EIO'],
      ['open', 'EROFS'],
      ['write', 'ENOSPC'],
      ['sync', 'EIO'],
    ] as const) {
      it(`keeps the previous file and state, and rejects, when the ${which} step fails (${code})`, async () => {
        const s1 = await openLowdbStore(dir);
        await s1.putSubscription(sub('C1'));
        await s1.addDeadline({ channel: 'C1', title: 'A', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' });
        await s1.close();
        const before = await fsp.readFile(dataFile());

        const s = track(await openLowdbStore(dir, { fs: failing(which, code) }));
        const err = await s.putSubscription(sub('C1', '17:00')).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StoreWriteError);
        expect((err as Error).message).toContain(code);
        await expect(s.addDeadline({ channel: 'C1', title: 'B', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })).rejects.toThrow(
          StoreWriteError,
        );
        // disk: byte-for-byte the previous file, no temp file left behind
        expect(await fsp.readFile(dataFile())).toEqual(before);
        expect(await tempFiles()).toEqual([]);
        // memory: the failed changes are not visible either
        expect((await s.getSubscription('C1'))!.time).toBe('09:00');
        expect((await s.listDeadlines()).map((d) => d.id)).toEqual(['d1']);
      });
    }

    it('saves later changes after a failed write, without the failed one', async () => {
      let fail = true;
      const s = track(
        await openLowdbStore(dir, {
          fs: { rename: async (a, b) => (fail ? Promise.reject(Object.assign(new Error('nope'), { code: 'EIO' })) : fsp.rename(a, b)) },
        }),
      );
      await expect(s.addDeadline({ channel: 'C1', title: 'lost', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })).rejects.toThrow();
      fail = false;
      await s.addDeadline({ channel: 'C1', title: 'kept', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' });
      const json = JSON.parse(await fsp.readFile(dataFile(), 'utf8'));
      expect(json.deadlines.map((d: { title: string; id: string }) => [d.id, d.title])).toEqual([['d1', 'kept']]);
    });

    it('only fails the callers whose write failed when writes are queued (queued ones share one write)', async () => {
      let n = 0;
      const s = track(
        await openLowdbStore(dir, {
          fs: { rename: async (a, b) => (++n === 2 ? Promise.reject(Object.assign(new Error('nope'), { code: 'EIO' })) : fsp.rename(a, b)) },
        }),
      );
      const results = await Promise.allSettled(
        ['A', 'B', 'C'].map((t) => s.addDeadline({ channel: 'C1', title: t, due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })),
      );
      // A is written alone; B and C, queued meanwhile, go into the second write, which fails
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
      const onDisk = JSON.parse(await fsp.readFile(dataFile(), 'utf8')).deadlines.map((d: { title: string }) => d.title);
      expect(onDisk).toEqual(['A']);
      expect((await s.listDeadlines()).map((d) => d.title)).toEqual(['A']);
      // and the store goes on: the next write succeeds
      await s.addDeadline({ channel: 'C1', title: 'D', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' });
      expect((await s.listDeadlines()).map((d) => d.title)).toEqual(['A', 'D']);
    });

    it('writes mutations queued during a write together, in order, once', async () => {
      let renames = 0;
      const s = track(await openLowdbStore(dir, { fs: { rename: async (a, b) => (renames++, fsp.rename(a, b)) } }));
      await Promise.all(Array.from({ length: 50 }, (_, i) => s.addDeadline({ channel: 'C1', title: `T${i}`, due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })));
      expect(renames).toBeLessThanOrEqual(2);
      const onDisk = JSON.parse(await fsp.readFile(dataFile(), 'utf8')).deadlines.map((d: { title: string }) => d.title);
      expect(onDisk).toEqual(Array.from({ length: 50 }, (_, i) => `T${i}`));
    });

    it('rejects only the mutation that throws, leaving the others in its write intact', async () => {
      const s = track(await openLowdbStore(dir));
      const results = await Promise.allSettled([
        s.addDeadline({ channel: 'C1', title: 'A', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' }),
        (s as unknown as { mutate(fn: (d: unknown) => unknown): Promise<unknown> }).mutate((d) => {
          (d as { deadlines: unknown[] }).deadlines.push({ broken: true });
          throw new Error('bad mutation');
        }),
        s.addDeadline({ channel: 'C1', title: 'B', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await s.listDeadlines()).map((d) => d.title)).toEqual(['A', 'B']);
    });

    it('persists all of 100 concurrent addDeadline calls', async () => {
      const s = await openLowdbStore(dir);
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => s.addDeadline({ channel: 'C1', title: `T${i}`, due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })),
      );
      await s.close();
      const json = JSON.parse(await fsp.readFile(dataFile(), 'utf8'));
      expect(json.deadlines.length).toBe(100);
      expect(new Set(json.deadlines.map((d: { id: string }) => d.id)).size).toBe(100);
      expect(json.nextDeadlineId).toBe(101);
    });

    it('serves reads from memory (works even with the file gone)', async () => {
      const s = track(await openLowdbStore(dir));
      await s.putSubscription(sub('C1'));
      await fsp.rm(dataFile());
      expect(await s.getSubscription('C1')).toEqual(sub('C1'));
    });
  });

  describe('the lock', () => {
    const child = fileURLToPath(new URL('./lock-child.ts', import.meta.url));
    const runChild = (d: string, ...flags: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', child, d, ...flags], { timeout: 15_000 }, (err, stdout) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout }),
        );
      });
    /** A child process that opens the store and holds it until killed. */
    const holdInChild = async (d: string, ...flags: string[]) => {
      const c = spawn(process.execPath, ['--import', 'tsx', child, d, '--hold', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => c.on('exit', (code, signal) => resolve(signal ?? code)));
      await expect.poll(() => out, { timeout: 15_000 }).toMatch(/OPENED|REFUSED/);
      expect(out).toBe('OPENED\n');
      return { pid: c.pid!, kill: (sig: NodeJS.Signals) => (c.kill(sig), exited) };
    };
    const owner = async () => JSON.parse(await fsp.readFile(join(dir, LOCK_OWNER_FILE), 'utf8')) as { pid: number; startedAt: string };
    /** A lock as a holder leaves it: the lock directory, fresh, and the owner file naming `pid`. */
    const leaveLock = async (pid: number) => {
      await fsp.mkdir(join(dir, LOCK_FILE));
      await fsp.writeFile(join(dir, LOCK_OWNER_FILE), JSON.stringify({ pid, host: hostname(), startedAt: 'then' }));
    };
    const STALE = 2_000; // proper-lockfile's least staleness: the tests' holders and openers agree on it

    it('refuses a second process on the same directory with a message naming the holder', async () => {
      track(await openLowdbStore(dir));
      const r = await runChild(dir);
      expect(r.code).toBe(3);
      expect(r.out).toContain('StoreLockedError');
      expect(r.out).toContain(`the data directory ${dir} is in use by process ${process.pid}`);
      expect(r.out).toContain(join(dir, LOCK_FILE));
    });

    it('refuses to open while another live process holds the directory, naming it', async () => {
      const holder = await holdInChild(dir, '--stale', String(STALE));
      try {
        const err = await openLowdbStore(dir, { lockStale: STALE }).then(
          (s) => (track(s), null),
          (e: unknown) => e as Error,
        );
        expect(err).toBeInstanceOf(StoreLockedError);
        expect(err!.message).toContain(`the data directory ${dir} is in use by process ${holder.pid}`);
      } finally {
        await holder.kill('SIGTERM');
      }
    });

    it('takes over the lock of a process killed with SIGKILL', async () => {
      const holder = await holdInChild(dir, '--stale', String(STALE));
      expect(await holder.kill('SIGKILL')).toBe('SIGKILL');
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // nothing released it
      const s = track(await openLowdbStore(dir, { lockStale: STALE }));
      expect((await owner()).pid).toBe(process.pid);
      await s.putSubscription(sub('C1'));
      expect(await s.getSubscription('C1')).toEqual(sub('C1'));
    });

    it('takes over, once stale, a lock naming this very pid (a restarted container is pid 1 again)', async () => {
      await leaveLock(process.pid);
      const s = track(await openLowdbStore(dir, { lockStale: STALE }));
      expect((await owner()).startedAt).not.toBe('then');
      await s.putSubscription(sub('C1'));
    });

    it('takes over, once stale, a lock naming a pid that another live process has now', async () => {
      await leaveLock(process.ppid); // the parent of this test process is alive
      const s = track(await openLowdbStore(dir, { lockStale: STALE }));
      expect((await owner()).pid).toBe(process.pid);
      await s.putSubscription(sub('C1'));
    });

    it('lets another process open the directory once the store is closed', async () => {
      const s = await openLowdbStore(dir);
      await s.close();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      expect(existsSync(join(dir, LOCK_OWNER_FILE))).toBe(false);
      const r = await runChild(dir);
      expect(r.out).toBe('OPENED\n');
    });

    it('refuses a second open in the same process', async () => {
      track(await openLowdbStore(dir));
      await expect(openLowdbStore(dir)).rejects.toThrow(StoreLockedError);
      await expect(openLowdbStore(dir)).rejects.toThrow(/already open/);
    });

    it('stops saving, and says so, when its lock is deleted', async () => {
      const lost: Error[] = [];
      const s = track(await openLowdbStore(dir, { lockStale: STALE, onLockLost: (e) => lost.push(e) }));
      await s.putSubscription(sub('C1'));
      await fsp.rm(join(dir, LOCK_FILE), { recursive: true });
      await expect.poll(() => lost.length, { timeout: 10_000 }).toBe(1);
      expect(lost[0]).toBeInstanceOf(LockCompromisedError);
      expect(lost[0].message).toContain(join(dir, LOCK_FILE));
      await expect(s.putSubscription(sub('C2'))).rejects.toThrow(LockCompromisedError);
      expect(await s.getSubscription('C2')).toBeNull();
      await s.close();
      // a new opener takes the directory again
      track(await openLowdbStore(dir, { lockStale: STALE }));
    });

    it("removes an older integ's lock file that names this very pid", async () => {
      await fsp.writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'then' }));
      const s = track(await openLowdbStore(dir));
      expect((await fsp.stat(join(dir, LOCK_FILE))).isDirectory()).toBe(true);
      await s.putSubscription(sub('C1'));
    });

    it("removes an older integ's lock file left by a dead process", async () => {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      await fsp.writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), startedAt: 'then' }));
      const s = track(await openLowdbStore(dir));
      expect((await owner()).pid).toBe(process.pid);
      await s.putSubscription(sub('C1'));
      expect((await fsp.readdir(dir)).filter((n) => n.startsWith(LOCK_FILE)).sort()).toEqual([LOCK_FILE, LOCK_OWNER_FILE]);
    });

    it("refuses when an older integ's lock file names another live process", async () => {
      const live = process.ppid; // the parent of this test process is alive
      await fsp.writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: live, host: hostname(), startedAt: 'then' }));
      await expect(openLowdbStore(dir)).rejects.toThrow(`in use by process ${live}`);
      expect(JSON.parse(await fsp.readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(live);
    });

    it('opens read-only without the lock while another store holds it; mutations reject', async () => {
      const w = track(await openLowdbStore(dir));
      await w.addDeadline({ channel: 'C1', title: 'A', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' });
      const r = track(await openLowdbStore(dir, { readOnly: true }));
      expect((await r.listDeadlines('C1')).map((d) => d.title)).toEqual(['A']);
      await expect(r.addDeadline({ channel: 'C1', title: 'B', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })).rejects.toThrow(
        StoreReadOnlyError,
      );
      await r.close();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // the writer's lock is untouched
    });
  });

  describe('a corrupt data file', () => {
    const cases: [string, string][] = [
      ['truncated JSON', '{"version":1,"nextDeadlineId":2,"subscriptions":[{"teamId":null,"chan'],
      ['an empty file', ''],
      ['the wrong shape', JSON.stringify({ version: 1, nextDeadlineId: 1, subscriptions: 'nope' })],
      ['a bad record', JSON.stringify({ version: 1, nextDeadlineId: 2, subscriptions: [], deadlines: [{ id: 'd1', channel: 'C1', title: 'x', due: '2026-02-30x' }], deliveries: [], events: [], threads: [], feedback: [], unanswered: [] })],
      ['a newer version', JSON.stringify({ version: 2 })],
      [
        'an unknown digest language',
        JSON.stringify({ ...emptyData(), subscriptions: [{ ...sub('C1'), lang: 'fr' }] }),
      ],
      [
        'an unknown language preference',
        JSON.stringify({ ...emptyData(), languages: [{ teamId: 'T1', kind: 'user', id: 'U1', lang: 'auto', at: '2026-11-22T00:00:00.000Z' }] }),
      ],
    ];
    for (const [what, text] of cases) {
      it(`stops with an error naming the file, and leaves it unchanged, for ${what}`, async () => {
        await fsp.writeFile(dataFile(), text);
        const err = await openLowdbStore(dir).then(
          (s) => (track(s), null),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StoreCorruptError);
        expect((err as Error).message).toContain(dataFile());
        expect((err as Error).message).toMatch(/left untouched/);
        expect(await fsp.readFile(dataFile(), 'utf8')).toBe(text);
        // the lock is released, so fixing the file and starting again works
        expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
        await expect(openLowdbStore(dir, { readOnly: true })).rejects.toThrow(StoreCorruptError);
      });
    }
  });

  describe('the logs (feedback, unanswered questions)', () => {
    const lines = async (name: string) => (await fsp.readFile(join(dir, name), 'utf8')).split('\n').filter(Boolean);

    it('appends one line per record instead of rewriting the data file', async () => {
      const s = track(await openLowdbStore(dir));
      await s.addDeadline({ channel: 'C1', title: 'Report', due: '2026-12-15', createdBy: 'U1', createdAt: '2026-11-22T00:00:00.000Z' });
      const data = await fsp.readFile(dataFile(), 'utf8');
      await s.recordUnanswered(unanswered(1));
      await Promise.all([s.recordUnanswered(unanswered(2)), s.recordFeedback({ at: '2026-11-22T00:00:00.000Z', user: 'U2', question: 'fdi', intent: 'fdi', helpful: true })]);
      expect(await fsp.readFile(dataFile(), 'utf8')).toBe(data);
      expect((await lines(LOG_FILES.unanswered)).map((l) => JSON.parse(l).question)).toEqual(['question 1', 'question 2']);
      expect(await lines(LOG_FILES.feedback)).toHaveLength(1);
      await s.close();
      const again = track(await openLowdbStore(dir, { readOnly: true }));
      expect((await again.listUnanswered()).map((u) => u.question)).toEqual(['question 1', 'question 2']);
      expect((await again.listDeadlines()).map((d) => d.title)).toEqual(['Report']);
    });

    it('moves records an older integ kept in the data file into the logs, losing none', async () => {
      const old = { version: 1, nextDeadlineId: 1, subscriptions: [], deadlines: [], deliveries: [], events: [], threads: [], feedback: [], unanswered: [unanswered(1), unanswered(2)] };
      await fsp.writeFile(dataFile(), JSON.stringify(old));
      const s = track(await openLowdbStore(dir));
      expect((await s.listUnanswered()).map((u) => u.question)).toEqual(['question 1', 'question 2']);
      expect(JSON.parse(await fsp.readFile(dataFile(), 'utf8')).unanswered).toEqual([]);
      expect(await lines(LOG_FILES.unanswered)).toHaveLength(2);
      await s.recordUnanswered(unanswered(3));
      await s.close();
      const again = track(await openLowdbStore(dir));
      expect((await again.listUnanswered()).map((u) => u.question)).toEqual(['question 1', 'question 2', 'question 3']);
    });

    it('skips the torn last line of a crash mid-append and keeps the records after it readable', async () => {
      await fsp.writeFile(join(dir, LOG_FILES.unanswered), `${JSON.stringify(unanswered(1))}\n{"at":"2026-11-22T00:0`);
      const s = track(await openLowdbStore(dir));
      expect((await s.listUnanswered()).map((u) => u.question)).toEqual(['question 1']);
      await s.recordUnanswered(unanswered(2));
      await s.close();
      const again = track(await openLowdbStore(dir));
      expect((await again.listUnanswered()).map((u) => u.question)).toEqual(['question 1', 'question 2']);
      expect(await lines(LOG_FILES.unanswered)).toHaveLength(2);
    });

    it('rewrites a log with the records kept once it holds twice as many', async () => {
      const s = track(await openLowdbStore(dir, { fsync: false }));
      const total = 2 * MAX_RECORDS + 500;
      for (let i = 0; i < total; i += 500) await Promise.all(Array.from({ length: 500 }, (_, k) => s.recordUnanswered(unanswered(i + k))));
      const kept = await s.listUnanswered();
      expect(kept).toHaveLength(MAX_RECORDS);
      expect(kept.at(-1)?.question).toBe(`question ${total - 1}`);
      expect((await lines(LOG_FILES.unanswered)).length).toBeLessThanOrEqual(2 * MAX_RECORDS);
      await s.close();
      const again = track(await openLowdbStore(dir));
      expect(await again.listUnanswered()).toEqual(kept);
    });
  });

  it('reads back from disk exactly what it holds in memory after any sequence of changes', async () => {
    type Op = { kind: number; n: number };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ kind: fc.integer({ min: 0, max: 9 }), n: fc.integer({ min: 0, max: 5 }) }), { maxLength: 40 }), async (ops: Op[]) => {
        const d = await mkdir();
        const s = await openLowdbStore(d, { fsync: false });
        try {
          const at = (n: number) => new Date(Date.UTC(2026, 10, 22, 0, n * 20)).toISOString();
          for (const { kind, n } of ops) {
            if (kind === 0) await s.addDeadline({ channel: `C${n % 2}`, title: `t${n}`, due: '2026-12-15', createdBy: 'U1', createdAt: at(n) });
            else if (kind === 1) await s.markDeadlineDone(`d${n}`, at(n));
            else if (kind === 2) await s.removeDeadline(`d${n}`);
            else if (kind === 3) await s.putThreadSlots(`C1:${n}`, { years: [2020 + n], period: null, places: [], docs: [] });
            else if (kind === 4) await s.markEventProcessed(`Ev${n}`, at(n));
            else if (kind === 5) await s.recordUnanswered(unanswered(n));
            else if (kind === 6) await s.putSubscription({ ...sub(`C${n}`, `0${n}:00`), ...(n % 3 ? { lang: n % 2 ? 'vi' : 'en' } : {}) });
            else if (kind === 7) await s.removeSubscription(`C${n}`);
            else if (kind === 8) await s.setLanguage({ teamId: n % 2 ? 'T1' : null, kind: n % 3 ? 'user' : 'channel', id: `X${n % 2}` }, n % 4 ? 'vi' : 'en', at(n));
            else await s.setLanguage({ teamId: n % 2 ? 'T1' : null, kind: n % 3 ? 'user' : 'channel', id: `X${n % 2}` }, null, at(n));
          }
          const read = async (x: LowdbStore) => ({
            deadlines: await x.listDeadlines(),
            subscriptions: await x.listSubscriptions(),
            unanswered: await x.listUnanswered(),
            threads: await Promise.all([0, 1, 2, 3, 4, 5].map((n) => x.getThreadSlots(`C1:${n}`))),
            languages: await Promise.all([null, 'T1'].flatMap((teamId) => ['X0', 'X1'].map((id) => x.getLanguages({ teamId, user: id, channel: id })))),
          });
          const live = await read(s);
          const disk = await openLowdbStore(d, { readOnly: true });
          expect(await read(disk)).toEqual(live);
          expect(await fsp.readFile(join(d, DATA_FILE), 'utf8').then((t) => JSON.parse(t), () => null)).not.toBeUndefined();
        } finally {
          await s.close();
          await fsp.rm(d, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
