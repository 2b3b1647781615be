import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGapLog, LINGER_MS, MAX_BATCH } from '../../src/slack/gaps.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { UnansweredEntry } from '../../src/store/types.js';

const entry = (i: number): UnansweredEntry => ({ at: '2026-03-02T03:00:00.000Z', question: `question ${i}?`, normalised: `question ${i}` });

function logger() {
  const warnings: { msg: string; fields: unknown }[] = [];
  const noop = () => undefined;
  return { warnings, logger: { debug: noop, info: noop, error: noop, warn: (msg: string, fields: unknown) => void warnings.push({ msg, fields }), setLevel: noop, getLevel: () => 'info', setName: noop } as never };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the unanswered-question log', () => {
  it('hands the questions of one linger to the store together, after LINGER_MS, when several go unanswered', async () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    const { logger: log } = logger();
    const gaps = createGapLog(store, log);
    for (let i = 0; i < 3; i++) gaps.record(entry(i), `req-${i}`);
    await vi.advanceTimersByTimeAsync(LINGER_MS - 1);
    expect(await store.listUnanswered()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(async () => expect((await store.listUnanswered()).map((u) => u.question)).toEqual(['question 0?', 'question 1?', 'question 2?']));
  });

  it('writes at once when MAX_BATCH are queued, and everything queued when flushed (stop)', async () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    const gaps = createGapLog(store, logger().logger);
    for (let i = 0; i < MAX_BATCH; i++) gaps.record(entry(i), null);
    await vi.waitFor(async () => expect(await store.listUnanswered()).toHaveLength(MAX_BATCH));
    gaps.record(entry(MAX_BATCH), null);
    await gaps.flush();
    expect(await store.listUnanswered()).toHaveLength(MAX_BATCH + 1);
    await gaps.flush(); // nothing queued: nothing written twice
    expect(await store.listUnanswered()).toHaveLength(MAX_BATCH + 1);
  });

  it('logs a question that cannot be saved once, with its request id, when the store fails', async () => {
    class FullStore extends MemoryStore {
      override async recordUnanswered(): Promise<void> {
        throw new Error('disk full');
      }
    }
    const { logger: log, warnings } = logger();
    const gaps = createGapLog(new FullStore(), log);
    gaps.record(entry(1), 'req-1');
    gaps.record(entry(2), null);
    await gaps.flush();
    expect(warnings).toEqual([
      { msg: 'integ: could not record unanswered question: disk full', fields: { req_id: 'req-1' } },
      { msg: 'integ: could not record unanswered question: disk full', fields: {} },
    ]);
  });
});
