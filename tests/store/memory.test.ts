import { describe, expect, it } from 'vitest';
import { MAX_RECORDS } from '../../src/store/errors.js';
import { MemoryStore } from '../../src/store/memory.js';
import { storeContract } from './contract.js';

storeContract('MemoryStore', async () => ({ store: new MemoryStore(), withLanguages: async (languages) => new MemoryStore({ languages }) }));

describe('MemoryStore', () => {
  it('rejects every mutation and changes nothing when failWrites is set', async () => {
    const s = new MemoryStore();
    await s.addDeadline({ channel: 'C1', title: 'A', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' });
    s.failWrites = new Error('disk full');
    await expect(s.addDeadline({ channel: 'C1', title: 'B', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })).rejects.toThrow('disk full');
    await expect(s.claimDelivery('C1', '2026-W48', 'x')).rejects.toThrow('disk full');
    s.failWrites = null;
    expect((await s.listDeadlines()).map((d) => d.title)).toEqual(['A']);
    expect((await s.addDeadline({ channel: 'C1', title: 'C', due: '2026-12-01', createdBy: 'U1', createdAt: 'x' })).id).toBe('d2');
    expect(await s.listDeliveries()).toEqual([]);
  });
});

describe('records for curators', () => {
  it('keeps only the newest MAX_RECORDS unanswered questions and feedback entries when more arrive', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < MAX_RECORDS + 5; i++) {
      await store.recordUnanswered({ at: new Date(i * 1000).toISOString(), question: `q${i}`, normalised: `q${i}` });
    }
    const kept = await store.listUnanswered();
    expect(kept).toHaveLength(MAX_RECORDS);
    expect(kept[0].question).toBe('q5');
    expect(kept.at(-1)!.question).toBe(`q${MAX_RECORDS + 4}`);
  });
});
