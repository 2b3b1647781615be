/**
 * Every command reads its arguments the same strict way (src/cli/args.ts), through integ's entry
 * point (src/cli/main.ts, in this process: tests/cli.test.ts runs the executable itself): --help
 * prints the usage on stdout and exits 0; an unknown option, an option without its value or an
 * argument it does not take prints one line naming the problem and the usage on stderr, nothing on
 * stdout, and exits 2.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

/** `integ <args>`, its output as written. */
async function integ(args: string[]): Promise<CliRun> {
  stdout = '';
  stderr = '';
  const code = await main(args);
  return { code, stdout, stderr };
}

/** Each command as typed, and one of its options that takes a value (if any). */
const COMMANDS: { command: string[]; valued?: string }[] = [
  { command: ['ask'] },
  { command: ['shell'] },
  { command: ['deadlines'], valued: '--channel' },
  { command: ['digest', 'run'], valued: '--now' },
  { command: ['digest', 'preview'], valued: '--channel' },
  { command: ['kb', 'check'], valued: '--dir' },
  { command: ['kb', 'gaps'], valued: '--limit' },
  { command: ['kb', 'extract'], valued: '--as-of' },
  { command: ['serve'] },
  { command: ['start'] },
];

/** A usage error: one line `integ <command>: <reason>`, then the command's usage; nothing on stdout. */
function expectUsageError(r: CliRun, command: string[], reason: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const [first, ...rest] = r.stderr.split('\n');
  expect(first).toBe(`integ ${command.join(' ')}: ${reason}`);
  expect(rest.join('\n')).toMatch(/^\s*usage:/m);
  expect(rest.join('\n')).toContain(`integ ${command.join(' ')}`);
}

describe.each(COMMANDS)('integ $command.0 $command.1', ({ command, valued }) => {
  it('prints its usage on stdout and exits 0 with --help or -h', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await integ([...command, flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: integ ${command.join(' ')}\\b`));
      expect(r.stderr).toBe('');
    }
  });

  it('exits 2 with one line naming an unknown option, and its usage, when given one', async () => {
    expectUsageError(await integ([...command, '--bogus']), command, 'unknown option --bogus');
  });

  it.skipIf(!valued)('exits 2 saying the option needs a value when its value is missing', async () => {
    expectUsageError(await integ([...command, valued!]), command, `${valued} needs a value`);
  });
});

describe('integ (argument errors)', () => {
  it('exits 2 when a flag is given a value', async () => {
    expectUsageError(await integ(['deadlines', '--json=yes']), ['deadlines'], '--json takes no value');
  });

  it('exits 2 when a value is not one the option takes', async () => {
    expectUsageError(await integ(['kb', 'gaps', '--limit', '0']), ['kb', 'gaps'], '--limit must be a whole number from 1 to 999999');
    expectUsageError(await integ(['kb', 'extract', 'a.txt', '--as-of', '14/01/2026']), ['kb', 'extract'], '--as-of must be a date such as 2026-01-14');
    expectUsageError(await integ(['deadlines', '--now', 'yesterday']), ['deadlines'], '--now must be an ISO date or instant such as 2026-11-23 or 2026-11-23T09:00:00+07:00');
  });

  it('exits 2 naming the values --lang takes when it is given another', async () => {
    for (const command of [['ask', 'fdi 2025'], ['shell'], ['deadlines'], ['digest', 'preview']]) {
      const name = command.filter((w) => w !== 'fdi 2025');
      for (const value of ['fr', 'VI', 'vietnamese', 'tiếng việt']) expectUsageError(await integ([...command, '--lang', value]), name, '--lang must be vi, en or auto');
      expectUsageError(await integ([...command, '--lang=']), name, '--lang needs a value');
    }
  });

  it('exits 2 for an argument a command does not take', async () => {
    expectUsageError(await integ(['shell', 'now']), ['shell'], 'unexpected argument "now"');
    expectUsageError(await integ(['deadlines', 'C1']), ['deadlines'], 'unexpected argument "C1"');
    expectUsageError(await integ(['kb', 'extract', 'a.txt', 'b.txt']), ['kb', 'extract'], 'unexpected argument "b.txt"');
  });

  it('exits 2 when a required argument is missing', async () => {
    expectUsageError(await integ(['kb', 'extract']), ['kb', 'extract'], 'missing the article file');
    expectUsageError(await integ(['ask']), ['ask'], 'missing the question (or --jsonl to read questions from stdin)');
  });

  it('keeps the message on one line whatever the option typed holds', async () => {
    const r = await integ(['ask', '--x\n\x1b[2Jfake line']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('integ ask: unknown option --x\\x0a\\x1b[2Jfake line');
  });

  it('prints the usage of digest and kb, every subcommand in it, with --help', async () => {
    for (const [command, subs] of [
      ['digest', ['run', 'preview']],
      ['kb', ['check', 'gaps', 'extract']],
    ] as const) {
      const r = await integ([command, '--help']);
      expect(r.code).toBe(0);
      for (const sub of subs) expect(r.stdout).toContain(`integ ${command} ${sub}`);
    }
  });

  it('exits 2 for an unknown or missing subcommand of digest and kb', async () => {
    expectUsageError(await integ(['digest', 'send']), ['digest'], 'unknown subcommand "send"');
    expectUsageError(await integ(['kb']), ['kb'], 'missing the subcommand (check, gaps or extract)');
  });
});
