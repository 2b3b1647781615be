/** Run as a separate process by lowdb.test.ts: tries to open the store in argv[2], prints the outcome. */
import { openLowdbStore } from '../../src/store/lowdb.js';

const dir = process.argv[2];
try {
  const store = await openLowdbStore(dir);
  process.stdout.write('OPENED\n');
  await store.close();
  process.exit(0);
} catch (err) {
  process.stdout.write(`REFUSED ${(err as Error).name}: ${(err as Error).message}\n`);
  process.exit(3);
}
