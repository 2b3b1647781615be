#!/usr/bin/env node
/** The `integ` executable (package.json "bin"): runs src/cli/main.ts and exits with its code. */
import { main } from './cli/main.js';

// `integ ask --jsonl | head`: a reader that stops reading ends the output, not in a stack trace
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`integ: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
