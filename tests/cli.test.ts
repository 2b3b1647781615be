/** The `integ` executable (src/cli.ts), run as a process as users run it. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/paths.js';
import { integ } from './helpers/cli.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe.concurrent('integ', () => {
  it('prints the package version and exits 0 with --version or -v', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await integ([flag]);
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('prints its usage, listing every command, on stdout and exits 0 with --help or help', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await integ(args);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      for (const c of ['ask', 'shell', 'deadlines', 'digest run', 'digest preview', 'kb check', 'serve', 'start', '--version']) expect(r.stdout).toContain(c);
    }
  });

  it("prints a command's usage with `help <command>`", async () => {
    const r = await integ(['help', 'deadlines']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: integ deadlines /);
  });

  it('prints its usage on stderr and exits 2 without a command', async () => {
    const r = await integ([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: integ <command>/);
  });

  it('exits 2 naming an unknown command or option', async () => {
    const cmd = await integ(['frobnicate']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr.split('\n')[0]).toBe('integ: unknown command "frobnicate"');
    const opt = await integ(['--bogus']);
    expect(opt.code).toBe(2);
    expect(opt.stderr.split('\n')[0]).toBe('integ: unknown option --bogus');
  });

  it('exits 2 with one line and the usage for an unknown option of a command, printing nothing on stdout', async () => {
    const r = await integ(['ask', 'fdi', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('integ ask: unknown option --bogus');
    expect(r.stderr).toContain('usage: integ ask');
  });

  it('stops quietly, exit 0, when its reader closes the pipe (`integ ask --jsonl | head -1`)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'ask', '--jsonl'], { cwd: ROOT, env: { PATH: process.env.PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => {});
    child.stdin.end('fdi 2025\n'.repeat(2000));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
