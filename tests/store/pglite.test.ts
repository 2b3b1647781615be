/**
 * The PGlite store's directory lock (src/store/pglite.ts over src/store/lock.ts): one process per
 * directory, and a lock that dies with its holder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_OWNER_FILE, LockCompromisedError } from '../../src/store/lock.js';
import { PGLITE_LOCK_FILE, openPgliteStore } from '../../src/store/pglite.js';
import type { SqlStore } from '../../src/store/postgres.js';

const child = fileURLToPath(new URL('./lock-child.ts', import.meta.url));
const STALE = 2_000; // proper-lockfile's least staleness: the tests' holders and openers agree on it
const deadline = (title: string) => ({ channel: 'C1', title, due: '2026-12-15', createdBy: 'U1', createdAt: '2026-11-22T03:00:00.000Z' });

describe('the PGlite directory lock', () => {
  let dir: string;
  const open: SqlStore[] = [];
  const track = (s: SqlStore) => (open.push(s), s);
  beforeEach(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'integ-pglite-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    await fsp.rm(dir, { recursive: true, force: true });
  });

  /** A child process that opens the PGlite store and holds it until killed. */
  const holdInChild = async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', child, dir, '--pglite', '--hold', '--stale', String(STALE)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => c.on('exit', (code, signal) => resolve(signal ?? code)));
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/OPENED|REFUSED/);
    expect(out).toBe('OPENED\n');
    return { pid: c.pid!, kill: (sig: NodeJS.Signals) => (c.kill(sig), exited) };
  };
  const owner = async () => JSON.parse(await fsp.readFile(join(dir, LOCK_OWNER_FILE), 'utf8')) as { pid: number; startedAt: string };

  it('refuses to open while another live process holds the directory, naming it', async () => {
    const holder = await holdInChild();
    try {
      const err = await openPgliteStore(dir, { lockStale: STALE }).then(
        (s) => (track(s), null),
        (e: unknown) => e as Error,
      );
      expect(err?.message).toContain(`the PGlite directory ${dir} is in use by process ${holder.pid}`);
    } finally {
      await holder.kill('SIGTERM');
    }
  }, 60_000);

  it('takes over the lock of a process killed with SIGKILL, and keeps its data', async () => {
    const first = track(await openPgliteStore(dir, { lockStale: STALE }));
    await first.addDeadline(deadline('A'));
    await first.close();
    const holder = await holdInChild();
    expect(await holder.kill('SIGKILL')).toBe('SIGKILL');
    expect(existsSync(join(dir, PGLITE_LOCK_FILE))).toBe(true); // nothing released it
    const s = track(await openPgliteStore(dir, { lockStale: STALE }));
    expect((await owner()).pid).toBe(process.pid);
    expect((await s.listDeadlines()).map((d) => d.title)).toEqual(['A']);
  }, 60_000);

  it('takes over, once stale, a lock naming this very pid (a restarted container is pid 1 again)', async () => {
    await fsp.mkdir(join(dir, PGLITE_LOCK_FILE));
    await fsp.writeFile(join(dir, LOCK_OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'then' }));
    const s = track(await openPgliteStore(dir, { lockStale: STALE }));
    expect((await owner()).startedAt).not.toBe('then');
    expect((await s.addDeadline(deadline('A'))).id).toBe('d1');
  }, 30_000);

  it("removes an older integ's lock file that names this very pid", async () => {
    await fsp.writeFile(join(dir, PGLITE_LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'then' }) + '\n');
    const s = track(await openPgliteStore(dir));
    expect((await s.addDeadline(deadline('A'))).id).toBe('d1');
  }, 30_000);

  it('fails every statement, and says so, once its lock is deleted; close() still works', async () => {
    const lost: Error[] = [];
    const s = track(await openPgliteStore(dir, { lockStale: STALE, onLockLost: (e) => lost.push(e) }));
    await s.addDeadline(deadline('A'));
    await fsp.rm(join(dir, PGLITE_LOCK_FILE), { recursive: true });
    await expect.poll(() => lost.length, { timeout: 10_000 }).toBe(1);
    expect(lost[0]).toBeInstanceOf(LockCompromisedError);
    await expect(s.addDeadline(deadline('B'))).rejects.toThrow(LockCompromisedError);
    await expect(s.listDeadlines()).rejects.toThrow(LockCompromisedError);
    await s.close();
  }, 30_000);
});
