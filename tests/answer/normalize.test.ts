import { describe, expect, it } from 'vitest';
import { canonical, editDistance, fold, stem, stripSlackMarkup, tokens } from '../../src/answer/normalize.js';

describe('stripSlackMarkup', () => {
  it('removes mentions, special mentions and keeps link and channel labels', () => {
    const s = stripSlackMarkup('<@U123ABC> fdi <!here> <!channel> <!subteam^S1|@ops> in <#C42|trade-desk> see <https://evil.example|Payroll> <https://x.example>');
    expect(s).not.toMatch(/[<>@]/);
    expect(s).toContain('trade-desk');
    expect(s).toContain('Payroll');
    expect(s).not.toContain('evil.example');
  });

  it('decodes the entities Slack sends for & < >', () => {
    expect(stripSlackMarkup('import &amp; export &lt;2025&gt;')).toBe('import & export <2025>');
  });
});

describe('fold', () => {
  it('folds Vietnamese diacritics and đ to plain lower-case letters', () => {
    expect(fold('Vốn FDI năm 2025 ĐẦU TƯ')).toBe('von fdi nam 2025 dau tu');
    expect(fold('Nghị quyết số 59, Hạn chót kế hoạch')).toBe('nghi quyet so 59, han chot ke hoach');
  });
});

describe('canonical', () => {
  it('collapses punctuation but keeps decimals and drops thousands separators', () => {
    expect(canonical('GDP grew 7.52%; income ~5,000 USD!')).toBe('gdp grew 7.52 income 5000 usd');
    expect(canonical('Resolution 153/NQ-CP')).toBe('resolution 153 nq cp');
    expect(canonical("What's the FDI?")).toBe('what the fdi');
  });

  it('returns no tokens for punctuation only', () => {
    expect(tokens(' ?!… ')).toEqual([]);
  });
});

describe('stem', () => {
  it('maps plurals to one form and leaves short words and numbers alone', () => {
    expect(stem('countries')).toBe('country');
    expect(stem('tasks')).toBe(stem('task'));
    expect(stem('gdp')).toBe('gdp');
    expect(stem('2025s')).toBe('2025s');
    expect(stem('status')).toBe('status');
  });
});

describe('editDistance', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('foriegn', 'foreign')).toBe(1);
    expect(editDistance('investmnet', 'investment')).toBe(1);
    expect(editDistance('fdl', 'fdi')).toBe(1);
    expect(editDistance('joke', 'joined')).toBeGreaterThan(1);
  });
});
