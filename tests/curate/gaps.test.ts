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

  it('counts where each question was asked, an entry without an origin being from Slack, and shows it per question', () => {
    const r = gapsReport(
      [
        { at: '2026-11-01T00:00:00Z', question: 'tourism 2025', normalised: 'tourism 2025' },
        { at: '2026-11-02T00:00:00Z', question: 'tourism 2025', normalised: 'tourism 2025', origin: 'slack' },
        { at: '2026-11-03T00:00:00Z', question: 'Tourism 2025?', normalised: 'tourism 2025', origin: 'shell' },
        { at: '2026-11-04T00:00:00Z', question: 'weather', normalised: 'weather', origin: 'cli' },
      ],
      [],
    );
    expect(r.unanswered.map((g) => [g.question, g.origins])).toEqual([
      ['Tourism 2025?', { slack: 2, shell: 1 }],
      ['weather', { cli: 1 }],
    ]);
    const text = formatGaps(r);
    expect(text).toContain('Unanswered questions (2, most frequent first; asked in slack 2, shell 1, cli 1):');
    expect(text).toMatch(/^ +3× +Tourism 2025\? +\(slack 2, shell 1; last 2026-11-03\)$/m);
    expect(text).toMatch(/^ +1× +weather +\(cli 1; last 2026-11-04\)$/m);
  });

  it('lists the comments left with 👎 under their question, newest first, each on one line, counting each 👎 once when it has a comment', () => {
    const down = (at: string, comment?: string) => ({ at, user: 'U1', question: 'fdi 2025', intent: 'fdi', helpful: false, ...(comment === undefined ? {} : { comment }) });
    // as Slack records them: the vote, then (when the modal is sent) its comment
    const r = gapsReport([], [
      down('2026-11-01T00:00:00Z'),
      down('2026-11-01T00:00:00Z', 'wrong year'),
      down('2026-11-02T00:00:00Z'),
      down('2026-11-03T00:00:00Z'),
      down('2026-11-03T00:00:00Z', 'cites 2024\nnot 2025'),
    ]);
    expect(r.unhelpful[0]).toMatchObject({ count: 3, origins: { slack: 3 } });
    expect(r.unhelpful[0].comments).toEqual([
      { comment: 'cites 2024\nnot 2025', at: '2026-11-03T00:00:00Z' },
      { comment: 'wrong year', at: '2026-11-01T00:00:00Z' },
    ]);
    const lines = formatGaps(r).split('\n');
    const at = lines.findIndex((l) => l.includes('[fdi] fdi 2025'));
    expect(lines[at]).toMatch(/3× 👎 \[fdi\] fdi 2025 +\(slack 3; last 2026-11-03\)$/);
    expect(lines.slice(at + 1, at + 3)).toEqual(['         “cites 2024\\x0anot 2025” (2026-11-03)', '         “wrong year” (2026-11-01)']);
  });

  it('shows the newest five comments of a question and says how many more --json has', () => {
    const feedback = Array.from({ length: 7 }, (_, i) => ({ at: `2026-11-0${i + 1}T00:00:00Z`, user: 'U1', question: 'apec', intent: 'events', helpful: false, comment: `comment ${i + 1}` }));
    const r = gapsReport([], feedback);
    expect(r.unhelpful[0].comments).toHaveLength(7);
    expect(r.unhelpful[0].count).toBe(0);
    const text = formatGaps(r);
    expect(text).toContain('“comment 7”');
    expect(text).toContain('“comment 3”');
    expect(text).not.toContain('“comment 2”');
    expect(text).toContain('… 2 more comments (--json lists them all)');
  });
});
