/**
 * integ's commands: `integ ask | deadlines | digest | kb | serve | shell | start`, `--help`, `--version`.
 * Each command lives in src/cli/<name>.ts, exports `run(args: string[]): Promise<number>` (the exit
 * code) and reads its arguments with src/cli/args.ts. Exit codes: 0 done, 1 failed, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { inert } from '../render/terminal.js';

const USAGE = `usage: integ <command> [options]      integ <command> --help for its options

  ask "question" [--json] [--explain] [--lang vi|en|auto]
                              answer one question (--jsonl: one question a line from stdin)
  shell [--lang vi|en|auto]   interactive prompt (also reads piped stdin)
  deadlines [--now ISO] [--channel C] [--lang vi|en|auto] [--json]
  digest run [--now ISO]      deliver the digests due at that instant, then exit
  digest preview [--channel C] [--now ISO] [--lang vi|en|auto]
  kb check | kb gaps | kb extract <file>
  serve [--no-digests]        start the Slack app (needs Slack tokens)
  start                       serve when Slack tokens are set, otherwise the local shell

  -h, --help                  this text (also: integ help [command])
  -v, --version               integ's version
Exit codes: 0 done, 1 failed, 2 usage error.
`;

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  ask: () => import('./ask.js'),
  shell: () => import('./shell.js'),
  deadlines: () => import('./deadlines.js'),
  digest: () => import('./digest.js'),
  kb: () => import('./kb.js'),
  serve: () => import('./serve.js'),
  start: () => import('./start.js'),
};

function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    // `integ help ask` is `integ ask --help`
    if (name === 'help' && rest.length === 1 && Object.hasOwn(commands, rest[0])) return (await commands[rest[0]]()).run(['--help']);
    process.stdout.write(USAGE);
    return 0;
  }
  if (name.startsWith('-')) {
    process.stderr.write(`integ: unknown option ${inert(name)}\n\n${USAGE}`);
    return 2;
  }
  if (!Object.hasOwn(commands, name)) {
    process.stderr.write(`integ: unknown command "${inert(name)}"\n\n${USAGE}`);
    return 2;
  }
  return (await commands[name]()).run(rest);
}

