/**
 * The default store (lowdb) per write, empty and at its caps: what a request that writes costs as
 * the data grows. A long-running workspace fills the curators' logs (MAX_RECORDS feedback and
 * unanswered questions) and the thread contexts (MAX_THREADS); a busy hour leaves ~1,000 event ids.
 *
 * Per operation, over `samples` awaited writes one after another (fsync on): the process's user CPU
 * per write (total ÷ samples: the kernel counts CPU in ticks) and the median wall time of a write.
 *   unanswered  recordUnanswered (a question integ could not answer)
 *   mention     markEventProcessed + putThreadSlots (every mention and DM)
 *   deadline    addDeadline (`/integ deadline add …`)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RECORDS, MAX_THREADS } from '../src/store/errors.js';
import { openLowdbStore, type LowdbStore } from '../src/store/lowdb.js';
import { median, round } from './stats.js';

export type StoreOp = 'unanswered' | 'mention' | 'deadline';
export interface StoreRow {
  op: StoreOp;
  state: 'empty' | 'at caps';
  /** User CPU per write, all threads (ms). */
  cpuMs: number;
  /** Median wall time of one write, fsync included (ms). */
  wallMs: number;
}
export interface StoreResult {
  rows: StoreRow[];
  /** Bytes on disk at the caps: the data file and the logs. */
  bytesAtCaps: number;
  caps: { records: number; threads: number; events: number };
}

const EVENTS_PER_HOUR = 1000;
const slots = { years: [2025], period: null, places: ['Nghe An'], docs: [] };

async function fill(store: LowdbStore, at: string): Promise<void> {
  const batch: Promise<unknown>[] = [];
  const flush = async () => void (await Promise.all(batch.splice(0)));
  for (let i = 0; i < MAX_RECORDS; i++) {
    batch.push(store.recordUnanswered({ at, question: `what is the weather like in Hanoi today, number ${i}?`, normalised: `what is the weather like in hanoi today number ${i}` }));
    batch.push(store.recordFeedback({ at, user: 'U0123456', question: `fdi 2025, asked for the ${i}th time`, intent: 'fdi', helpful: i % 2 === 0 }));
    if (i < MAX_THREADS) batch.push(store.putThreadSlots(`C0123456:1700000000.${String(i).padStart(6, '0')}`, slots));
    if (i < EVENTS_PER_HOUR) batch.push(store.markEventProcessed(`Ev0${String(i).padStart(9, '0')}`, at));
    if (batch.length >= 2000) await flush();
  }
  await flush();
}

async function timeOps(store: LowdbStore, state: StoreRow['state'], samples: number): Promise<StoreRow[]> {
  const rows: StoreRow[] = [];
  for (const op of ['unanswered', 'mention', 'deadline'] as const) {
    const wall: number[] = [];
    const c0 = process.cpuUsage();
    for (let i = 0; i < samples; i++) {
      const at = new Date().toISOString();
      const t0 = performance.now();
      if (op === 'unanswered') await store.recordUnanswered({ at, question: `tell me a joke ${i}`, normalised: `tell me a joke ${i}` });
      else if (op === 'mention') {
        await store.markEventProcessed(`EvBench${state}${i}`, at);
        await store.putThreadSlots(`C0BENCH:1800000000.${i}`, slots);
      } else await store.addDeadline({ channel: 'C0BENCH', title: `Deadline ${i}`, due: '2027-01-15', createdBy: 'U1', createdAt: at });
      wall.push(performance.now() - t0);
    }
    rows.push({ op, state, cpuMs: round(process.cpuUsage(c0).user / 1000 / samples, 3), wallMs: round(median(wall), 3) });
  }
  return rows;
}

export async function benchStore(opts: { samples: number }): Promise<StoreResult> {
  const dir = mkdtempSync(join(tmpdir(), 'integ-bench-store-'));
  try {
    const store = await openLowdbStore(dir);
    try {
      const rows = await timeOps(store, 'empty', opts.samples);
      await fill(store, new Date().toISOString());
      rows.push(...(await timeOps(store, 'at caps', opts.samples)));
      const bytes = ['integ.json', 'feedback.jsonl', 'unanswered.jsonl'].map((f) => statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0).reduce((a, b) => a + b, 0);
      return { rows, bytesAtCaps: bytes, caps: { records: MAX_RECORDS, threads: MAX_THREADS, events: EVENTS_PER_HOUR } };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
