import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { LIMITS } from '../../src/answer/limits.js';
import { canonical } from '../../src/answer/normalize.js';
import { unansweredEntry } from '../../src/engine.js';
import { createGapLog } from '../../src/slack/gaps.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { UnansweredEntry } from '../../src/store/types.js';
import { commandBody, eventBody } from '../helpers/sign.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';

const entry = (i: number): UnansweredEntry => ({ at: '2026-03-02T03:00:00.000Z', question: `question ${i}?`, normalised: `question ${i}` });

function logger() {
  const warnings: { msg: string; fields: unknown }[] = [];
  const noop = () => undefined;
  return { warnings, logger: { debug: noop, info: noop, error: noop, warn: (msg: string, fields: unknown) => void warnings.push({ msg, fields }), setLevel: noop, getLevel: () => 'info', setName: noop } as never };
}

describe('the unanswered-question log', () => {
  it('writes every unanswered question, in order, by the time flush (stop) resolves', async () => {
    const store = new MemoryStore();
    const gaps = createGapLog(store, logger().logger);
    for (let i = 0; i < 3; i++) gaps.record(entry(i), `req-${i}`);
    await gaps.flush();
    expect((await store.listUnanswered()).map((u) => u.question)).toEqual(['question 0?', 'question 1?', 'question 2?']);
    await gaps.flush(); // nothing pending: nothing written twice
    expect(await store.listUnanswered()).toHaveLength(3);
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

describe('questions asked in Slack', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('are recorded marked slack, by the rule the shell and CLI use, when integ cannot answer them', async () => {
    h = await startHarness();
    expect((await h.post(commandBody({ text: 'unknown  Thing?' }))).status).toBe(200);
    expect((await h.post(eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> clarify fdi', ts: '1700000100.000100', channel: 'C1', event_ts: '1700000100.000100' }))).status).toBe(200);
    expect((await h.post(eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: 'unknown other', ts: '1700000200.000100', channel: 'D1', event_ts: '1700000200.000100' }))).status).toBe(200);
    await expect.poll(() => h!.logs.filter((l) => l.includes('integ: request handled')).length, { timeout: 10_000 }).toBe(3);
    await h.integ.stop(); // every question queued is written
    // the clarifying question (Did you mean…) is no gap
    expect(await h.store.listUnanswered()).toEqual([
      { at: '2026-03-02T03:00:00.000Z', question: 'unknown Thing?', normalised: 'unknown thing', origin: 'slack' },
      { at: '2026-03-02T03:00:00.000Z', question: 'unknown other', normalised: 'unknown other', origin: 'slack' },
    ]);
  });
});

describe('unansweredEntry', () => {
  it('keeps a pasted question as far as the engine reads it (2,000 characters), its canonical form from that', () => {
    const long = `${'zqx '.repeat(10_000)}`.trim(); // 39,999 characters nobody can answer
    const answer = { answered: false, intent: 'none', question: long } as unknown as Answer;
    const e = unansweredEntry(answer, 'slack', new Date('2026-03-02T03:00:00.000Z'))!;
    expect(e.question).toBe(long.slice(0, LIMITS.chars));
    expect(e.normalised).toBe(canonical(long.slice(0, LIMITS.chars)));
    expect(JSON.stringify(e).length).toBeLessThan(2 * LIMITS.chars + 200);
    const short = unansweredEntry({ ...answer, question: 'unknown Thing?' }, 'shell', new Date('2026-03-02T03:00:00.000Z'));
    expect(short).toEqual({ at: '2026-03-02T03:00:00.000Z', question: 'unknown Thing?', normalised: 'unknown thing', origin: 'shell' });
  });
});
