#!/usr/bin/env node
/**
 * integ's command line: `integ ask | deadlines | digest | kb | serve | shell | start`.
 * Each command lives in src/cli/<name>.ts and exports `run(args: string[]): Promise<number>` (the exit code).
 */
const USAGE = `usage: integ <command> [options]

  ask "question" [--json]     answer one question (--jsonl: one question a line from stdin)
  shell                       interactive prompt (also reads piped stdin)
  deadlines [--now ISO] [--channel C] [--json]
  digest run [--now ISO]      deliver the digests due at that instant, then exit
  digest preview [--channel C] [--now ISO]
  kb check | kb gaps | kb extract <file>
  serve                       start the Slack app (needs Slack tokens)
  start                       serve when Slack tokens are set, otherwise the local shell
`;

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  ask: () => import('./cli/ask.js'),
  shell: () => import('./cli/shell.js'),
  deadlines: () => import('./cli/deadlines.js'),
  digest: () => import('./cli/digest.js'),
  kb: () => import('./cli/kb.js'),
  serve: () => import('./cli/serve.js'),
  start: () => import('./cli/start.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`integ: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const mod = await load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`integ: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
