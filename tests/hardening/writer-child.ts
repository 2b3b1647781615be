/**
 * Run as a separate process by state.test.ts: opens the lowdb store in argv[2] and adds deadlines
 * "n1", "n2", … one after another forever, printing "saved <n>" once each write has returned, until
 * it is killed. Each deadline is large (argv[3] characters) so that a kill often lands mid-write;
 * argv[4], when given, is the lock's staleness in milliseconds.
 */
import { openLowdbStore } from '../../src/store/lowdb.js';

const dir = process.argv[2];
const pad = 'x'.repeat(Number(process.argv[3] ?? 2000));
const store = await openLowdbStore(dir, { lockStale: process.argv[4] ? Number(process.argv[4]) : undefined });
let n = (await store.listDeadlines()).length;
process.stdout.write('ready\n');
for (;;) {
  n += 1;
  await store.addDeadline({ channel: 'C1', title: `n${n}`, due: '2026-12-15', createdBy: pad, createdAt: new Date().toISOString() });
  process.stdout.write(`saved ${n}\n`);
}
