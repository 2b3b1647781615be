import { describe, expect, it } from 'vitest';
import { extractSlots, findPeriod } from '../../src/answer/slots.js';

const opts = { places: [{ name: 'Nghe An', terms: ['nghe an', 'nghệ an'] }, { name: 'Hanoi', terms: ['ha noi', 'hanoi'] }], knownDocs: new Set(['22', '59', '153', '1812']) };
const slots = (t: string) => extractSlots(t, opts);

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
    ['full year 2025', 1, 12],
  ])('finds the months of "%s"', (text, a, b) => {
    expect(slots(text).period).toMatchObject({ startMonth: a, endMonth: b });
  });

  it('finds no period when none is named', () => {
    expect(findPeriod('fdi 2025')).toBeNull();
    expect(findPeriod('how many tasks does the action program have')).toBeNull();
  });

  it('ties the period to the year named and labels it', () => {
    expect(slots('exports jan-jul 2025').period).toEqual({ startMonth: 1, endMonth: 7, year: 2025, label: 'Jan–Jul 2025' });
  });
});

describe('years, places and documents', () => {
  it('finds years and ranges', () => {
    expect(slots('plan for 2026-2030').years).toEqual([2026, 2030]);
    expect(slots('vốn FDI năm 2025').years).toEqual([2025]);
  });

  it('finds places with or without diacritics', () => {
    expect(slots('Nghệ An exports').places).toEqual(['Nghe An']);
    expect(slots('nghe an fdi').places).toEqual(['Nghe An']);
    expect(slots('fdi 2025').places).toEqual([]);
  });

  it('finds document numbers in every written form', () => {
    expect(slots('resolution 153').docs).toEqual(['153']);
    expect(slots('Resolution No. 153/NQ-CP').docs).toEqual(['153']);
    expect(slots('59-NQ/TW').docs).toEqual(['59']);
    expect(slots('nghi quyet so 59').docs).toEqual(['59']);
    expect(slots('Decision 1812').docs).toEqual(['1812']);
    expect(slots('59').docs).toEqual(['59']);
  });

  it('does not take a count or a year for a document number', () => {
    expect(slots('22 targets').docs).toEqual([]);
    expect(slots('fdi 2025').docs).toEqual([]);
    expect(slots('6 clear').docs).toEqual([]);
  });
});
