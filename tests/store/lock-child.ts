/**
 * Run as a separate process by the store tests: opens the store in argv[2] and prints OPENED, or
 * REFUSED and the error. Options: --pglite (a PGlite directory instead of lowdb), --stale MS (the
 * lock's staleness), --hold (keep the store open until killed, instead of closing it and exiting).
 */
import { openLowdbStore } from '../../src/store/lowdb.js';

const [dir, ...flags] = process.argv.slice(2);
const at = flags.indexOf('--stale');
const lockStale = at >= 0 ? Number(flags[at + 1]) : undefined;
try {
  const store = flags.includes('--pglite')
    ? await (await import('../../src/store/pglite.js')).openPgliteStore(dir, { lockStale })
    : await openLowdbStore(dir, { lockStale });
  process.stdout.write('OPENED\n');
  if (flags.includes('--hold')) {
    setInterval(() => undefined, 60_000); // until killed
  } else {
    await store.close();
    process.exit(0);
  }
} catch (err) {
  process.stdout.write(`REFUSED ${(err as Error).name}: ${(err as Error).message}\n`);
  process.exit(3);
}
