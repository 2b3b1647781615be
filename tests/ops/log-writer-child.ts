/**
 * Run as a separate process by logs.test.ts: logs argv[3] lines ("line", { i }) through the
 * destination `integ serve` writes its logs to, writes "MARK" to stderr synchronously right after,
 * then ends as argv[2] says: "return" (the event loop empties, as serve ends after SIGTERM) or
 * "exit" (process.exit at once).
 */
import { writeSync } from 'node:fs';
import { createLogger, stderrDestination } from '../../src/ops/logger.js';

const how = process.argv[2];
const count = Number(process.argv[3]);
const log = createLogger({ destination: stderrDestination() });
for (let i = 1; i <= count; i++) log.info('line', { i });
writeSync(2, 'MARK\n');
if (how === 'exit') process.exit(0);
