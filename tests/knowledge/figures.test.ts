import { describe, expect, it } from 'vitest';
import { englishFigures, figureDifferences, hasVietnameseDiacritics, vietnameseFigures } from '../../src/knowledge/figures.js';

describe('englishFigures', () => {
  it('reads decimals, thousands commas, ranges and currency prefixes as figures', () => {
    expect(englishFigures('GDP grew 7.52%; about VND 2,200 billion; US$28–29 billion; US$514 billion.').numbers).toEqual([7.52, 28, 29, 514, 2200]);
  });

  it('keeps bare 19xx/20xx years apart from figures, and a grouped 2,025 among the figures', () => {
    expect(englishFigures('In the past 15 years (2011–2025), 2,025 projects since 1986.')).toEqual({ numbers: [15, 2025], years: [1986, 2011, 2025], dates: [] });
  });

  it('reads a full date as a date whose day and month are not figures, and a month with a year as its year only', () => {
    expect(englishFigures('On January 14, 2026 and 31 May 2025, due in September 2025.')).toEqual({ numbers: [], years: [2025, 2025, 2026], dates: ['2025-05-31', '2026-01-14'] });
  });

  it('reads number words, "double" and digit ordinals, but not "one", word ordinals or digits inside names', () => {
    expect(englishFigures('three lessons, twenty-one tasks, double the figure, the 14th Congress, one of the second P4G summits').numbers).toEqual([2, 3, 14, 21]);
  });

  it('does not join number words across punctuation', () => {
    expect(englishFigures('twenty, one').numbers).toEqual([20]);
  });
});

describe('vietnameseFigures', () => {
  it('reads the decimal comma, the thousands dot and ranges', () => {
    expect(vietnameseFigures('Tăng 7,52%; khoảng 2.200 tỷ đồng; 28–29 tỷ USD; 20.000 lao động; gấp 1,5 lần.').numbers).toEqual([1.5, 7.52, 28, 29, 2200, 20000]);
  });

  it('reads English notation left in a Vietnamese text as other figures', () => {
    expect(vietnameseFigures('tăng 7.52%').numbers).toEqual([7, 52]);
    expect(vietnameseFigures('khoảng 2,200 tỷ đồng').numbers).toEqual([2.2]);
  });

  it('reads "ngày 14/1/2026", "14/01/2026" and "ngày 14 tháng 1 năm 2026" as the same date, and a month as no figure', () => {
    const f = vietnameseFigures('Ngày 14/1/2026, 14/01/2026 và ngày 14 tháng 1 năm 2026; hoàn thành trong tháng 9/2025, từ tháng 1 đến tháng 7 năm 2025.');
    expect(f).toEqual({ numbers: [], years: [2025, 2025, 2026, 2026, 2026], dates: ['2026-01-14', '2026-01-14', '2026-01-14'] });
  });

  it('reads the day of a date without a year as a figure, like English "May 31"', () => {
    expect(vietnameseFigures('ngày 31/5 và ngày 2 tháng 9').numbers).toEqual([2, 31]);
    expect(englishFigures('on May 31 and September 2').numbers).toEqual([2, 31]);
  });

  it('counts the number of months before "tháng" but not the month after it', () => {
    expect(vietnameseFigures('7 tháng đầu năm 2025').numbers).toEqual([7]);
  });

  it('reads number words, compounds, "gấp đôi", "bộ tứ" and Roman numerals', () => {
    expect(vietnameseFigures('ba bài học, mười lăm nước, hai mươi mốt, gấp đôi, "bộ tứ trụ cột", Đại hội XIV, thế kỷ XXI').numbers).toEqual([2, 3, 4, 14, 15, 21, 21]);
  });

  it('does not read "một", "năm" (year), "tư" in "đầu tư" or word ordinals as figures', () => {
    expect(vietnameseFigures('một trong những trụ cột, năm quan điểm, đầu tư tư nhân, lần thứ hai, phiên họp thứ nhất').numbers).toEqual([]);
  });

  it('does not join number words across punctuation', () => {
    expect(vietnameseFigures('lần thứ hai, hai mươi tư').numbers).toEqual([24]);
  });
});

describe('figureDifferences', () => {
  it('finds nothing when both statements give the same figures, years and dates', () => {
    expect(
      figureDifferences(
        'On January 14, 2026, in the first 6 months of 2025 GDP grew 7.52%, nearly 1.5 times, about VND 2,200 billion, three goals.',
        'Ngày 14/1/2026, 6 tháng đầu năm 2025 GDP tăng 7,52%, gần 1,5 lần, khoảng 2.200 tỷ đồng, ba mục tiêu.',
      ),
    ).toEqual([]);
  });

  it('names what is only in one of the two, per kind', () => {
    expect(figureDifferences('GDP grew 7.52% in 2025 (January 14, 2026).', 'GDP tăng 7,25% năm 2024 (ngày 15/1/2026).')).toEqual([
      'figures differ from statement: 7.52 only in statement; 7.25 only in statementVi',
      'years differ from statement: 2025 only in statement; 2024 only in statementVi',
      'dates differ from statement: 2026-01-14 only in statement; 2026-01-15 only in statementVi',
    ]);
  });

  it('counts repeated figures (multisets, not sets)', () => {
    expect(figureDifferences('Resolution 59 and Resolution 59-NQ/TW.', 'Nghị quyết 59.')).toEqual(['figures differ from statement: 59 only in statement']);
  });
});

describe('hasVietnameseDiacritics', () => {
  it('tells Vietnamese from English and from Vietnamese typed without accents', () => {
    expect(hasVietnameseDiacritics('Thủ tướng Phạm Minh Chính')).toBe(true);
    expect(hasVietnameseDiacritics('Đà Nẵng')).toBe(true);
    expect(hasVietnameseDiacritics('Thu tuong Pham Minh Chinh')).toBe(false);
    expect(hasVietnameseDiacritics('Prime Minister Pham Minh Chinh')).toBe(false);
  });
});
