/**
 * `integ deadlines` and `integ digest preview` (src/cli/deadlines.ts, src/cli/digest.ts) and their
 * --lang: the list is an Answer rendered in the language chosen (English by default: there is no
 * question to follow); the preview is in the digest's own language unless --lang chooses one.
 */
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as deadlinesCli } from '../../src/cli/deadlines.js';
import { run as digestCli } from '../../src/cli/digest.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { kb } from '../digest/fixtures.js';

const NOW = '2025-10-06T02:30:00Z';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'integ-cli-lang-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** One of the commands in this process, with the fixture knowledge base and a fresh data directory. */
async function runCli(cli: typeof deadlinesCli, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cli(args, {
    env: { INTEG_DATA_DIR: dir, INTEG_TZ: 'Asia/Ho_Chi_Minh' },
    loadKb: () => kb,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

describe('integ deadlines --lang', () => {
  it('renders the list in Vietnamese with --lang vi, and in English with --lang en, auto or none', async () => {
    const vi = await runCli(deadlinesCli, ['--now', NOW, '--lang', 'vi']);
    expect(vi.code).toBe(0);
    expect(vi.out).toMatch(/^Nguồn:$/m);
    expect(vi.out).toMatch(/^Lưu ý: /m);
    expect(vi.out).toContain(' · 26/08/2025 · ');
    for (const lang of [['--lang', 'en'], ['--lang', 'auto'], []]) {
      const en = await runCli(deadlinesCli, ['--now', NOW, ...lang]);
      expect(en.code).toBe(0);
      expect(en.out).toMatch(/^Sources:$/m);
      expect(en.out).toContain(' · 26 Aug 2025 · ');
    }
  });

  it('exits 2 with its usage when --lang is not vi, en or auto', async () => {
    const r = await runCli(deadlinesCli, ['--now', NOW, '--lang', 'vn']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe('integ deadlines: --lang must be vi, en or auto');
  });
});

describe('integ digest preview --lang', () => {
  it('takes --lang vi, en and auto, and exits 2 with its usage for another value', async () => {
    for (const lang of ['vi', 'en', 'auto']) expect((await runCli(digestCli, ['preview', '--now', NOW, '--lang', lang])).code).toBe(0);
    const r = await runCli(digestCli, ['preview', '--now', NOW, '--lang', 'english']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe('integ digest preview: --lang must be vi, en or auto');
    expect((await runCli(digestCli, ['run', '--now', NOW, '--lang', 'vi'])).code).toBe(2); // run posts every digest in its own language
  });

  it("previews a channel whose digest and channel have a language, reading them while another process holds the store's lock", async () => {
    const s = await openLowdbStore(dir);
    await s.putSubscription({ teamId: null, channel: 'C1', weekday: 1, time: '09:00', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U1', createdAt: '2025-09-01T00:00:00.000Z', lang: 'vi' });
    await s.setLanguage({ teamId: null, kind: 'channel', id: 'C2' }, 'vi', '2025-09-01T00:00:00.000Z');
    try {
      for (const channel of ['C1', 'C2']) {
        const r = await runCli(digestCli, ['preview', '--channel', channel, '--now', NOW]);
        expect({ channel, code: r.code, err: r.err }).toEqual({ channel, code: 0, err: '' });
        expect(r.out.length).toBeGreaterThan(0);
      }
    } finally {
      await s.close();
    }
  });
});
