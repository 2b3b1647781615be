import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadingWeekday, parseLeadingDate, type Clock } from '../../src/digest/dates.js';

const HCM = 'Asia/Ho_Chi_Minh';
/** Sunday 22 Nov 2026, 10:00 in Ho Chi Minh City. */
const SUNDAY: Clock = { now: new Date('2026-11-22T03:00:00Z'), tz: HCM };
/** Monday 23 Nov 2026, 10:00 in Ho Chi Minh City. */
const MONDAY: Clock = { now: new Date('2026-11-23T03:00:00Z'), tz: HCM };
/** Tuesday 24 Nov 2026, 10:00 in Ho Chi Minh City. */
const TUESDAY: Clock = { now: new Date('2026-11-24T03:00:00Z'), tz: HCM };

const dateOf = (text: string, clock: Clock = SUNDAY) => {
  const r = parseLeadingDate(text, clock);
  return r.ok ? r.date : r.problem;
};

describe('parseLeadingDate: dates with a year', () => {
  const cases: [string, string, string][] = [
    ['2026-12-15 Submit the report', '2026-12-15', ' Submit the report'],
    ['2026/12/15 Submit the report', '2026-12-15', ' Submit the report'],
    ['15 Dec 2026 Submit', '2026-12-15', ' Submit'],
    ['Dec 15 2026 Submit', '2026-12-15', ' Submit'],
    ['December 15th, 2026: Submit', '2026-12-15', ': Submit'],
    ['31/12/2026 Nộp báo cáo', '2026-12-31', ' Nộp báo cáo'],
    ['31-12-2026 Nộp báo cáo', '2026-12-31', ' Nộp báo cáo'],
    ['31.12.2026 Nộp báo cáo', '2026-12-31', ' Nộp báo cáo'],
    ['31/12/2026: Report', '2026-12-31', ': Report'],
    ['5/1/2027 Nộp', '2027-01-05', ' Nộp'],
    ['ngày 15/12/2026 Họp', '2026-12-15', ' Họp'],
    ['ngày 15-12-2026 Họp', '2026-12-15', ' Họp'],
    ['ngày 15 tháng 12 năm 2026 Họp', '2026-12-15', ' Họp'],
    ['15 tháng 12 năm 2026 Họp', '2026-12-15', ' Họp'],
    ['ngay 15 thang 12 nam 2026 Hop', '2026-12-15', ' Hop'],
    ['NGÀY 15 THÁNG 12 NĂM 2026 Họp', '2026-12-15', ' Họp'],
    ['Ngày 5 tháng 1 năm 2027, Họp', '2027-01-05', ', Họp'],
    ['29/02/2028 Leap day', '2028-02-29', ' Leap day'],
  ];
  for (const [text, date, rest] of cases) {
    it(`reads "${text}" as ${date} and leaves "${rest}"`, () => {
      expect(parseLeadingDate(text, SUNDAY)).toEqual({ ok: true, date, rest });
    });
  }

  it('reads Vietnamese typed with combining diacritics, and leaves the title as it was typed', () => {
    const title = ' Nộp báo cáo'.normalize('NFD');
    expect(parseLeadingDate(`${'ngày 15 tháng 12 năm 2026'.normalize('NFD')}${title}`, SUNDAY)).toEqual({ ok: true, date: '2026-12-15', rest: title });
  });
});

describe('parseLeadingDate: day first, and when two numbers up to 12 are refused', () => {
  it('reads the day first when the first number is over 12', () => {
    expect(dateOf('13/04/2026 Report')).toBe('2026-04-13');
  });

  it('reads a date whose day and month are the same number', () => {
    expect(dateOf('04/04/2026 Report')).toBe('2026-04-04');
  });

  it('refuses 03/04/2026 in an English title as ambiguous, naming both readings', () => {
    expect(dateOf('03/04/2026 Report')).toEqual({ kind: 'ambiguous', typed: '03/04/2026', dayFirst: '2026-04-03', monthFirst: '2026-03-04' });
    expect(dateOf('03.04.2027 Report')).toMatchObject({ kind: 'ambiguous', dayFirst: '2027-04-03' });
  });

  it('reads 03/04/2026 day first when "ngày" comes before it', () => {
    expect(dateOf('ngày 03/04/2026 Report')).toBe('2026-04-03');
    expect(dateOf('ngay 03/04/2026 Report')).toBe('2026-04-03');
  });

  it('reads 03/04/2026 day first when the title has Vietnamese diacritics', () => {
    expect(dateOf('03/04/2026 Nộp báo cáo')).toBe('2026-04-03');
    expect(dateOf('03/04/2026 Họp')).toBe('2026-04-03');
  });

  it('reads 03/04/2026 day first when a Vietnamese weekday comes before it', () => {
    expect(dateOf('thứ sáu 03/04/2026 Report', { now: new Date('2026-03-01T03:00:00Z'), tz: HCM })).toBe('2026-04-03');
  });

  it('reads day first a title in a language that also writes day first (French accents)', () => {
    expect(dateOf('03/04/2026 Réunion')).toBe('2026-04-03');
  });

  it('refuses month-first 12/25/2026 with the date it would be', () => {
    expect(dateOf('12/25/2026 Report')).toEqual({ kind: 'month-first', typed: '12/25/2026', date: '2026-12-25' });
  });

  it('refuses an ambiguous date without a year, naming both next occurrences', () => {
    expect(dateOf('03/04 Report')).toEqual({ kind: 'ambiguous', typed: '03/04', dayFirst: '2027-04-03', monthFirst: '2027-03-04' });
    expect(dateOf('03/04 Báo cáo')).toBe('2027-04-03');
  });
});

describe('parseLeadingDate: dates without a year are the next one on or after today', () => {
  const cases: [string, string][] = [
    ['31/12 Nộp báo cáo', '2026-12-31'],
    ['31-12 Nộp báo cáo', '2026-12-31'],
    ['ngày 15/12 Họp', '2026-12-15'],
    ['15 tháng 12 Họp', '2026-12-15'],
    ['ngày 15 tháng 12 Họp', '2026-12-15'],
    ['22/11 Today', '2026-11-22'],
    ['21/11 Yesterday next year', '2027-11-21'],
    ['15/01 Họp', '2027-01-15'],
    ['ngay 15 thang 1 Hop', '2027-01-15'],
  ];
  for (const [text, date] of cases) {
    it(`reads "${text}" on Sunday 22 Nov 2026 as ${date}`, () => {
      expect(dateOf(text)).toBe(date);
    });
  }

  it('keeps the title after a date without a year', () => {
    expect(parseLeadingDate('ngày 15/12 Họp tổ', SUNDAY)).toEqual({ ok: true, date: '2026-12-15', rest: ' Họp tổ' });
  });

  it("takes today in the clock's time zone, where the date differs from UTC", () => {
    const now = new Date('2026-11-22T18:00:00Z'); // Monday 23 Nov 01:00 in Ho Chi Minh City, Sunday 22 Nov in UTC and Berlin
    expect(dateOf('22/11 Họp', { now, tz: HCM })).toBe('2027-11-22');
    expect(dateOf('22/11 Họp', { now, tz: 'UTC' })).toBe('2026-11-22');
    expect(dateOf('22/11 Họp', { now, tz: 'Europe/Berlin' })).toBe('2026-11-22');
  });

  it('refuses 29/02 when the next one is in a year without it, and takes it in a leap year', () => {
    expect(dateOf('29/02 Họp')).toEqual({ kind: 'no-such-date', typed: '29/02', year: 2027, month: 2, day: 29, days: 28 });
    expect(dateOf('29/02 Họp', { now: new Date('2027-03-01T03:00:00Z'), tz: HCM })).toBe('2028-02-29');
  });

  it('does not read 31.12 without a year as a date (a dot without a year is a decimal number as often as a date)', () => {
    expect(dateOf('31.12 Report')).toEqual({ kind: 'missing' });
  });
});

describe('parseLeadingDate: weekdays are the next such day after today', () => {
  // Sunday 22 Nov 2026
  const cases: [string, string][] = [
    ['thứ hai', '2026-11-23'],
    ['Thứ Hai', '2026-11-23'],
    ['THỨ HAI', '2026-11-23'],
    ['thu hai', '2026-11-23'],
    ['thứ 2', '2026-11-23'],
    ['T2', '2026-11-23'],
    ['t2', '2026-11-23'],
    ['thứ ba', '2026-11-24'],
    ['thứ 3', '2026-11-24'],
    ['T3', '2026-11-24'],
    ['thứ tư', '2026-11-25'],
    ['thu tu', '2026-11-25'],
    ['thứ 4', '2026-11-25'],
    ['thứ năm', '2026-11-26'],
    ['thứ 5', '2026-11-26'],
    ['thứ sáu', '2026-11-27'],
    ['T6', '2026-11-27'],
    ['thứ bảy', '2026-11-28'],
    ['thứ bẩy', '2026-11-28'],
    ['thu bay', '2026-11-28'],
    ['T7', '2026-11-28'],
    ['chủ nhật', '2026-11-29'],
    ['Chủ Nhật', '2026-11-29'],
    ['chu nhat', '2026-11-29'],
    ['CN', '2026-11-29'],
    ['monday', '2026-11-23'],
    ['Mon', '2026-11-23'],
    ['tues', '2026-11-24'],
    ['Wednesday', '2026-11-25'],
    ['thu', '2026-11-26'],
    ['Thursday', '2026-11-26'],
    ['fri', '2026-11-27'],
    ['Saturday', '2026-11-28'],
    ['sunday', '2026-11-29'],
    ['sun', '2026-11-29'],
  ];
  for (const [word, date] of cases) {
    it(`reads "${word}" typed on Sunday 22 Nov 2026 as ${date}`, () => {
      expect(parseLeadingDate(`${word} Gửi báo cáo`, SUNDAY)).toEqual({ ok: true, date, rest: ' Gửi báo cáo' });
    });
  }

  it('reads a weekday typed on that weekday as the same day next week, never today', () => {
    expect(dateOf('thứ hai Gửi báo cáo', MONDAY)).toBe('2026-11-30');
    expect(dateOf('monday Report', MONDAY)).toBe('2026-11-30');
    expect(dateOf('chủ nhật Họp', SUNDAY)).toBe('2026-11-29');
  });

  it("takes today's weekday in the clock's time zone, where the date differs from UTC", () => {
    const now = new Date('2026-11-22T18:00:00Z'); // Monday 23 Nov 01:00 in Ho Chi Minh City, Sunday 22 Nov 19:00 in Berlin
    expect(dateOf('thứ hai Họp', { now, tz: HCM })).toBe('2026-11-30');
    expect(dateOf('thứ hai Họp', { now, tz: 'Europe/Berlin' })).toBe('2026-11-23');
  });

  it('reads "tuần này" as this week (from Monday) and "tuần sau"/"tuần tới" as next week', () => {
    expect(dateOf('thứ sáu Họp', TUESDAY)).toBe('2026-11-27');
    expect(dateOf('thứ sáu tuần này Họp', TUESDAY)).toBe('2026-11-27');
    expect(dateOf('thứ sáu tuần sau Họp', TUESDAY)).toBe('2026-12-04');
    expect(dateOf('thu sau tuan toi Hop', TUESDAY)).toBe('2026-12-04');
    expect(dateOf('chủ nhật tuần này Họp', TUESDAY)).toBe('2026-11-29');
    expect(dateOf('thứ hai tuần này Họp', TUESDAY)).toBe('2026-11-23'); // already passed: the command refuses it
    expect(dateOf('thứ hai tuần sau Họp', SUNDAY)).toBe('2026-11-23');
    expect(parseLeadingDate('thứ sáu tuần sau Họp tổ', TUESDAY)).toEqual({ ok: true, date: '2026-12-04', rest: ' Họp tổ' });
  });

  it('takes the date after a weekday when it is that weekday', () => {
    expect(parseLeadingDate('thứ hai, ngày 30/11/2026 Họp', SUNDAY)).toEqual({ ok: true, date: '2026-11-30', rest: ' Họp' });
    expect(dateOf('Thứ Hai 30 tháng 11 Họp')).toBe('2026-11-30');
    expect(dateOf('Monday, 30 Nov 2026 Report')).toBe('2026-11-30');
  });

  it('refuses a weekday followed by a date that is another weekday', () => {
    expect(dateOf('thứ hai 01/12/2026 Họp')).toEqual({ kind: 'weekday-mismatch', typed: 'thứ hai 01/12/2026', date: '2026-12-01', weekday: 1, actual: 2 });
  });

  it('does not read "thứ" with diacritics as the English "Thu", nor other words as weekdays', () => {
    expect(dateOf('thứ tám Họp')).toEqual({ kind: 'missing' });
    expect(dateOf('T8 Họp')).toEqual({ kind: 'missing' });
    expect(dateOf('T2x Report')).toEqual({ kind: 'missing' });
    expect(dateOf('Monthly report')).toEqual({ kind: 'missing' });
    expect(dateOf('Mondays Report')).toEqual({ kind: 'missing' });
  });
});

describe('parseLeadingDate: problems', () => {
  const cases: [string, object][] = [
    ['29/02/2027 Leap', { kind: 'no-such-date', typed: '29/02/2027', year: 2027, month: 2, day: 29, days: 28 }],
    ['31/04/2026 April', { kind: 'no-such-date', typed: '31/04/2026', year: 2026, month: 4, day: 31, days: 30 }],
    ['2026-02-30 Impossible', { kind: 'no-such-date', typed: '2026-02-30', year: 2026, month: 2, day: 30, days: 28 }],
    ['00/12/2026 Zero', { kind: 'no-such-date', typed: '00/12/2026', year: 2026, month: 12, day: 0, days: 31 }],
    ['ngày 31 tháng 4 năm 2026 Họp', { kind: 'no-such-date', typed: 'ngày 31 tháng 4 năm 2026', year: 2026, month: 4, day: 31, days: 30 }],
    ['15/13/2026 Month', { kind: 'bad-month', typed: '15/13/2026', month: 13 }],
    ['2026-13-01 Month', { kind: 'bad-month', typed: '2026-13-01', month: 13 }],
    ['15 tháng 13 Họp', { kind: 'bad-month', typed: '15 tháng 13', month: 13 }],
    ['31/12/1899 Old', { kind: 'bad-year', typed: '31/12/1899', year: 1899 }],
    ['2200-01-01 Far', { kind: 'bad-year', typed: '2200-01-01', year: 2200 }],
    ['1800-01-01 Too old', { kind: 'bad-year', typed: '1800-01-01', year: 1800 }],
    ['31/12/026 Odd', { kind: 'bad-year', typed: '31/12/026', year: 26 }],
    ['31/12/26 Short', { kind: 'short-year', typed: '31/12/26', full: '31/12/2026' }],
    ['ngày 15 tháng 12 năm 26 Họp', { kind: 'short-year', typed: 'ngày 15 tháng 12 năm 26', full: 'ngày 15 tháng 12 năm 2026' }],
    ['tháng 12 năm 2026 Họp', { kind: 'needs-day', typed: 'tháng 12 năm 2026', month: 12, year: 2026 }],
    ['tháng 12/2026 Họp', { kind: 'needs-day', typed: 'tháng 12/2026', month: 12, year: 2026 }],
    ['tháng 12 Họp', { kind: 'needs-day', typed: 'tháng 12', month: 12, year: null }],
    ['12/2026 Report', { kind: 'needs-day', typed: '12/2026', month: 12, year: 2026 }],
    ['Dec 2026 No day', { kind: 'needs-day', typed: 'Dec 2026', month: 12, year: 2026 }],
    ['Submit the report', { kind: 'missing' }],
    ['', { kind: 'missing' }],
  ];
  for (const [text, problem] of cases) {
    it(`refuses "${text}" as ${(problem as { kind: string }).kind}`, () => {
      expect(parseLeadingDate(text, SUNDAY)).toEqual({ ok: false, problem });
    });
  }
});

describe('parseLeadingDate: any text', () => {
  const start = fc.constantFrom('', 'thứ hai ', 'ngày ', '31/12', '15 tháng 12 ', 'T2', 'CN ', '03/04/2026 ', '2026-12-15', 'Dec 15 ');
  const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));

  it('returns a real date and the exact end of what was typed as the rest, or a problem, and never throws', () => {
    fc.assert(
      fc.property(start, text, (a, b) => {
        const s = a + b;
        const r = parseLeadingDate(s, SUNDAY);
        if (!r.ok) {
          expect(r.problem.kind).toMatch(/^[a-z-]+$/);
        } else {
          expect(s.endsWith(r.rest)).toBe(true);
          expect(r.rest.length).toBeLessThan(s.length);
          expect(new Date(`${r.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.date);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('leadingWeekday', () => {
  it('reads a two-word Vietnamese weekday and returns the text after it', () => {
    expect(leadingWeekday('thứ hai 09:00')).toEqual({ weekday: 1, rest: ' 09:00' });
    expect(leadingWeekday('chủ nhật 8:30')).toEqual({ weekday: 7, rest: ' 8:30' });
    expect(leadingWeekday('T6 16:00')).toEqual({ weekday: 5, rest: ' 16:00' });
  });

  it('reads English plurals only when asked', () => {
    expect(leadingWeekday('mondays 09:00', { plural: true })).toEqual({ weekday: 1, rest: ' 09:00' });
    expect(leadingWeekday('mondays 09:00')).toBeNull();
  });

  it('reads "thu 7:30" as Thursday and a time, not as thứ 7 followed by ":30", when a time follows the digit', () => {
    expect(leadingWeekday('thu 7:30')).toEqual({ weekday: 4, rest: ' 7:30' });
    expect(leadingWeekday('t7:30')).toBeNull();
    // the digit is still the Vietnamese weekday before a title's colon or a space
    expect(leadingWeekday('thu 7: Họp')).toEqual({ weekday: 6, rest: ': Họp' });
    expect(leadingWeekday('T7 7:30')).toEqual({ weekday: 6, rest: ' 7:30' });
  });

  it('returns null for text that does not start with a weekday', () => {
    expect(leadingWeekday('09:00 thứ hai')).toBeNull();
    expect(leadingWeekday('thứ')).toBeNull();
  });
});
