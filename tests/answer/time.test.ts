import { describe, expect, it } from 'vitest';
import { findAsOf, findDays, findDocs, findPeriods, findTime } from '../../src/answer/time.js';
import { canonical } from '../../src/answer/normalize.js';

const knownDocs = new Set(['22', '59', '153', '1812']);
const periodsOf = (t: string) => findTime(t, { periodsInBaseYear: false }).periods;

describe('periods', () => {
  it.each([
    ['first 7 months of 2025', 1, 7],
    ['the first seven months', 1, 7],
    ['jan-jul 2025', 1, 7],
    ['January to July', 1, 7],
    ['xuất khẩu 7 tháng', 1, 7],
    ['6 tháng đầu năm', 1, 6],
    ['H1 2025', 1, 6],
    ['first half of 2025', 1, 6],
    ['q3', 7, 9],
    ['quý 2', 4, 6],
    ['full year 2025', 1, 12],
    ['the whole of 2025', 1, 12],
  ])('finds the months of "%s"', (text, a, b) => {
    expect(periodsOf(text)[0]).toMatchObject({ startMonth: a, endMonth: b });
  });

  it('finds no period when none is named', () => {
    expect(findPeriods(canonical('fdi 2025'))).toEqual([]);
    expect(findPeriods(canonical('how many tasks does the action program have'))).toEqual([]);
  });

  it('finds both periods when a text compares two', () => {
    expect(periodsOf('full-year 2025 disbursement compared with the January–July figure').map((p) => [p.startMonth, p.endMonth])).toEqual([
      [1, 12],
      [1, 7],
    ]);
  });

  it('ties a period to the year named next to it and labels it', () => {
    expect(periodsOf('exports jan-jul 2025')[0]).toEqual({ startMonth: 1, endMonth: 7, year: 2025, label: 'Jan–Jul 2025' });
  });

  it("gives an article's period without a year the article's year, and a question's none", () => {
    expect(findTime('In January-July, exports exceeded US$514 billion', { baseYear: 2025 }).periods[0].year).toBe(2025);
    expect(findTime('giải ngân FDI 7 tháng', { baseYear: 2026, periodsInBaseYear: false }).periods[0].year).toBeNull();
  });
});

describe('years, days and as-of dates', () => {
  it('finds years, ranges and years relative to a base year', () => {
    expect(findTime('plan for 2026-2030').years).toEqual([2026, 2030]);
    expect(findTime('vốn FDI năm 2025').years).toEqual([2025]);
    expect(findTime('exports last year', { baseYear: 2026 }).years).toEqual([2025]);
    expect(findTime('This year, Vietnam has signed 267 commitments', { baseYear: 2025 }).years).toEqual([2025]);
  });

  it.each([
    ['January 14', '01-14'],
    ['14 Jan', '01-14'],
    ['ngày 14 tháng 1', '01-14'],
    ['on August 26', '08-26'],
  ])('finds the day in "%s"', (text, day) => {
    expect(findDays(canonical(text), text)).toContain(day);
  });

  it.each([
    ['By late August 2025, how many partners', 'by', '2025-08-31'],
    ['as of Aug 2025', 'by', '2025-08-31'],
    ['At the January 2026 conference, how many FTAs', 'at', '2026-01-31'],
    ['What did the PM report at the August 2025 steering committee meeting?', 'at', '2025-08-31'],
    ['tính đến tháng 8 năm 2025', 'by', '2025-08-31'],
  ])('reads "%s" as %s %s', (text, mode, date) => {
    expect(findAsOf(canonical(text))[0]).toMatchObject({ mode, date });
  });

  it('reads "now" and "latest" as the newest, and finds two moments a text compares', () => {
    expect(findAsOf(canonical('latest fdi figures'))[0].mode).toBe('latest');
    expect(findAsOf(canonical('hiện nay'))[0].mode).toBe('latest');
    const two = findAsOf(canonical('between the August 2025 meeting and the January 2026 review'));
    expect(two.map((a) => a.date)).toEqual(['2025-08-31', '2026-01-31']);
  });

  it('names the words of an event it reads as a moment', () => {
    expect(findAsOf(canonical('at the August 2025 steering committee meeting'))[0].words).toEqual(['steering', 'committee', 'meeting']);
  });
});

describe('documents', () => {
  it('finds document numbers in every written form', () => {
    const docs = (t: string) => findDocs(canonical(t), knownDocs);
    expect(docs('resolution 153')).toEqual(['153']);
    expect(docs('Resolution No. 153/NQ-CP')).toEqual(['153']);
    expect(docs('59-NQ/TW')).toEqual(['59']);
    expect(docs('nghi quyet so 59')).toEqual(['59']);
    expect(docs('Decision 1812')).toEqual(['1812']);
    expect(docs('resolution 154')).toEqual(['154']);
    expect(docs('59')).toEqual(['59']);
  });

  it('does not take a count or a year for a document number', () => {
    const docs = (t: string) => findDocs(canonical(t), knownDocs);
    expect(docs('22 targets')).toEqual([]);
    expect(docs('fdi 2025')).toEqual([]);
    expect(docs('6 clear')).toEqual([]);
  });
});
