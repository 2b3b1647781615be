/** Runs `integ` as users do: a process on src/cli.ts (through tsx), with its own stdin, stdout and stderr. */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `integ <args>` with `input` on stdin (closed at once when absent) and only PATH, the given
 * variables and a data directory of its own that does not exist yet (removed after the run, when
 * the command created it, e.g. to record a question it could not answer): no Slack token of the
 * developer's can reach it, and no run sees another's data.
 */
export function integ(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return command(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], opts);
}

/** Any command in the project root (e.g. `npm run --silent integ -- …`), same environment rules as integ(). */
let runs = 0;

export function command(file: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const dataDir = join(tmpdir(), `integ-cli-test-${process.pid}-${++runs}-${Date.now()}`);
  const child = spawn(file, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, INTEG_DATA_DIR: dataDir, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => {}); // a command that exits before reading its input
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}
