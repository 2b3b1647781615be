import { describe, expect, it } from 'vitest';
import { formatGaps, gapsReport } from '../../src/curate/gaps.js';

describe('gapsReport', () => {
  it('ranks unanswered questions by how often they were asked, grouping the same normalised question', () => {
    const r = gapsReport(
      [
        { at: '2026-11-01T00:00:00Z', question: 'Weather?', normalised: 'weather' },
        { at: '2026-11-02T00:00:00Z', question: 'tourism 2025', normalised: 'tourism 2025' },
        { at: '2026-11-03T00:00:00Z', question: 'Tourism 2025!', normalised: 'tourism 2025' },
      ],
      [],
    );
    expect(r.unanswered.map((g) => [g.question, g.count])).toEqual([
      ['Tourism 2025!', 2],
      ['Weather?', 1],
    ]);
  });

  it('lists answers marked unhelpful with their counts and leaves out ones only marked helpful', () => {
    const r = gapsReport(
      [],
      [
        { at: '2026-11-01T00:00:00Z', user: 'U1', question: 'fdi 2025', intent: 'fdi', helpful: false },
        { at: '2026-11-02T00:00:00Z', user: 'U2', question: 'fdi 2025', intent: 'fdi', helpful: false },
        { at: '2026-11-02T00:00:00Z', user: 'U3', question: 'fdi 2025', intent: 'fdi', helpful: true },
        { at: '2026-11-02T00:00:00Z', user: 'U3', question: 'apec', intent: 'events', helpful: true },
      ],
    );
    expect(r.unhelpful).toHaveLength(1);
    expect(r.unhelpful[0]).toMatchObject({ question: 'fdi 2025', intent: 'fdi', count: 2, helpful: 1 });
    expect(formatGaps(r)).toContain('2× 👎');
  });
});
