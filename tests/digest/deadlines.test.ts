import { tz } from '@date-fns/tz';
import { differenceInCalendarDays, format, lastDayOfMonth } from 'date-fns';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fact } from '../../knowledge/schema.js';
import { daysBetween, deadlinesAnswer, formatDue, lastDueDay, listDeadlines, todayIn } from '../../src/digest/deadlines.js';
import { answerToText } from '../../src/render/text.js';
import { kb, team } from './fixtures.js';
import { shown } from '../helpers/text.js';

const HCM = 'Asia/Ho_Chi_Minh';

describe('deadline dates', () => {
  it('formats each due date at its own precision', () => {
    expect(formatDue({ date: '2026-12-15', precision: 'day' })).toBe('15 Dec 2026');
    expect(formatDue({ date: '2025-09', precision: 'month' })).toBe('September 2025');
    expect(formatDue({ date: '2027', precision: 'year' })).toBe('2027');
  });

  it('makes a month or year deadline due through its last day', () => {
    expect(lastDueDay({ date: '2025-09', precision: 'month' })).toBe('2025-09-30');
    expect(lastDueDay({ date: '2028-02', precision: 'month' })).toBe('2028-02-29');
    expect(lastDueDay({ date: '2027', precision: 'year' })).toBe('2027-12-31');
    expect(lastDueDay({ date: '2026-12-15', precision: 'day' })).toBe('2026-12-15');
  });

  it('agrees with date-fns on calendar days between dates and on the last day of a month', () => {
    const utc = tz('UTC');
    const isoDay = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }).map((t) => new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(isoDay, isoDay, (a, b) => {
        expect(daysBetween(a, b)).toBe(differenceInCalendarDays(new Date(`${b}T12:00:00Z`), new Date(`${a}T12:00:00Z`), { in: utc }));
        const month = b.slice(0, 7);
        expect(lastDueDay({ date: month, precision: 'month' })).toBe(format(lastDayOfMonth(new Date(`${month}-15T12:00:00Z`), { in: utc }), 'yyyy-MM-dd'));
      }),
      { numRuns: 500 },
    );
  });

  it('takes today in the given time zone', () => {
    // 18:00 UTC on 22 Nov is already 23 Nov in Ho Chi Minh City (UTC+7)
    expect(todayIn(new Date('2026-11-22T18:00:00Z'), HCM)).toBe('2026-11-23');
    expect(todayIn(new Date('2026-11-22T18:00:00Z'), 'Europe/Berlin')).toBe('2026-11-22');
  });
});

describe('listDeadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a month deadline upcoming through the month and past only after it ends', () => {
    vi.setSystemTime(new Date('2025-09-30T16:59:00Z')); // 23:59 on 30 Sep in HCM
    let plan = listDeadlines(new Date(), { kb, tz: HCM }).find((i) => i.id === 'work-plan.2026-2030')!;
    expect(plan).toMatchObject({ status: 'upcoming', daysLeft: 0, lastDay: '2025-09-30', dueLabel: 'September 2025' });
    vi.setSystemTime(new Date('2025-09-30T17:00:00Z')); // 00:00 on 1 Oct in HCM
    plan = listDeadlines(new Date(), { kb, tz: HCM }).find((i) => i.id === 'work-plan.2026-2030')!;
    expect(plan).toMatchObject({ status: 'past', daysLeft: -1 });
  });

  it('counts days left to the day for day deadlines and to the last day for year ones', () => {
    vi.setSystemTime(new Date('2025-10-20T03:00:00Z'));
    const items = listDeadlines(new Date(), { kb, tz: HCM });
    expect(items.find((i) => i.id === 'day.example')).toMatchObject({ daysLeft: 5, status: 'upcoming' });
    expect(items.find((i) => i.id === 'apec-2027')).toMatchObject({ daysLeft: 802, lastDay: '2027-12-31' });
  });

  it('merges source and open team deadlines, soonest first, leaving out done ones and facts without due', () => {
    vi.setSystemTime(new Date('2025-09-22T03:00:00Z'));
    const items = listDeadlines(new Date(), {
      kb,
      tz: HCM,
      teamDeadlines: [team({ id: 'd1', due: '2025-10-01', title: 'Draft memo' }), team({ id: 'd2', due: '2025-09-25', title: 'Done one', done: true, doneAt: 'x' })],
    });
    expect(items.map((i) => i.id)).toEqual(['work-plan.2026-2030', 'd1', 'day.example', 'cybercrime-convention.signing', 'apec-2027']);
    expect(items[1]).toMatchObject({ kind: 'team', addedBy: 'U123', daysLeft: 9 });
    expect(items[0]).toMatchObject({ kind: 'source', sources: [{ factId: 'work-plan.2026-2030', id: '000_751a3c526faebcab', publisher: 'Lai Chau Provincial Portal (laichau.gov.vn)' }] });
  });

  it('merges facts about the same thing due the same date into one item citing every source', () => {
    vi.setSystemTime(new Date('2025-09-22T03:00:00Z'));
    const [a, b] = ['000_751a3c526faebcab', '001_1d5cee450b0a6480'].map((source, i) =>
      Fact.parse({
        id: `apec.${i}`, topic: 'events', subject: 'event.apec-2027', statement: 'Vietnam hosts APEC in 2027 (fixture statement).',
        statementVi: 'Việt Nam đăng cai APEC năm 2027 (câu thử nghiệm).', asOf: '2025-08-26',
        due: { date: '2027', precision: 'year' }, label: i ? 'APEC Summit 2027' : 'APEC 2027 in Vietnam', labelVi: i ? 'Hội nghị cấp cao APEC 2027' : 'APEC 2027 tại Việt Nam', source, quote: `quote number ${i}`,
      }),
    );
    const merged = { facts: [...kb.facts, a, b], sourceById: kb.sourceById };
    const items = listDeadlines(new Date(), { kb: merged, tz: HCM }).filter((i) => i.due.date === '2027');
    expect(items.map((i) => i.id).sort()).toEqual(['apec-2027', 'apec.0']); // the fixture's own subject differs
    expect(items.find((i) => i.id === 'apec.0')).toMatchObject({ title: 'APEC 2027 in Vietnam', sources: [{ factId: 'apec.0' }, { factId: 'apec.1' }] });
    const answer = deadlinesAnswer(new Date(), { kb: merged, tz: HCM, laterCount: 5 });
    const point = answer.points.find((p) => shown(p.text).startsWith('Later: APEC 2027 in Vietnam'))!;
    expect(point.cites.length).toBe(2);
    // one citation per source; each source's quote holds the passage this item cites
    const quotes = point.cites.map((n) => answer.citations.find((c) => c.n === n)!.quote);
    expect(quotes[0]).toContain('quote number 0');
    expect(quotes[1]).toContain('quote number 1');
    expect(answer.points.some((p) => shown(p.text).includes('APEC Summit 2027'))).toBe(false);
  });

  it('works without a knowledge base (team deadlines only)', () => {
    vi.setSystemTime(new Date('2025-09-22T03:00:00Z'));
    expect(listDeadlines(new Date(), { tz: HCM, teamDeadlines: [team({ id: 'd1', due: '2025-10-01', title: 'X' })] }).map((i) => i.id)).toEqual(['d1']);
  });
});

describe('deadlinesAnswer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the next 30 days with days left, then later ones, then the last 7 days passed, naming the window in the heading', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z')); // 3 Oct 2025 in HCM
    const a = deadlinesAnswer(new Date(), {
      kb,
      tz: HCM,
      teamDeadlines: [team({ id: 'd4', due: '2025-10-10', title: 'Submit comments on the draft' }), team({ id: 'd5', due: '2026-06-01', title: 'Far away' })],
    });
    expect(a).toMatchObject({ answered: true, intent: 'deadlines', question: 'deadlines' });
    expect(shown(a.headline)).toBe('Deadlines in the next 30 days: 3.');
    const texts = a.points.map((p) => shown(p.text));
    expect(texts).toEqual([
      'Submit comments on the draft — 10 Oct 2025 · ⚠️ due in 7 days · added by U123 on 20 Sep 2025 (d4)',
      'A day-precision source deadline — 25 Oct 2025 · in 22 days',
      'Signing of the UN Convention against Cybercrime in Hanoi — October 2025 · 28 days left (to 31 Oct 2025)',
      'Later: Far away — 1 Jun 2026 · in 241 days · added by U123 on 20 Sep 2025 (d5)',
      'Later: APEC Year 2027 — 2027 · 819 days left (to 31 Dec 2027)',
      'Passed: Steering Committee work plan 2026–2030 — September 2025 · passed: the month ended 3 days ago',
    ]);
  });

  it('cites each source deadline with its source, and not team deadlines', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { kb, tz: HCM, teamDeadlines: [team({ id: 'd4', due: '2025-10-10', title: 'Team item' })] });
    const team4 = a.points.find((p) => shown(p.text).includes('Team item'))!;
    expect(team4.cites).toEqual([]);
    const apec = a.points.find((p) => shown(p.text).includes('APEC'))!;
    const c = a.citations.find((x) => x.n === apec.cites[0])!;
    expect(c).toMatchObject({
      n: c.n,
      source: '000_751a3c526faebcab',
      title: 'Prime Minister: urgently submit special, breakthrough mechanisms and policies for international integration',
      publisher: 'Lai Chau Provincial Portal (laichau.gov.vn)',
      published: '2025-08-26',
      url: 'https://laichau.gov.vn/tin-tuc-su-kien/example.html',
    });
    expect(c.quote).toContain('urgently complete the organization of APEC Year 2027');
    expect(a.citations.map((x) => x.n)).toEqual(a.citations.map((_, i) => i + 1));
    // one citation per source
    expect(new Set(a.citations.map((x) => x.source)).size).toBe(a.citations.length);
    for (const p of a.points) for (const n of p.cites) expect(a.citations.some((x) => x.n === n)).toBe(true);
  });

  it('shows passed source deadlines as passed and never as met', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { kb, tz: HCM });
    const text = answerToText(a, { maxPoints: 20 });
    expect(text).toMatch(/Passed: Steering Committee work plan/);
    for (const p of a.points) expect(shown(p.text)).not.toMatch(/\b(met|completed|achieved|done|fulfilled)\b/i);
    expect(a.notes.map((n) => shown(n)).join(' ')).toMatch(/do not say whether they were met/);
  });

  it('leaves out what passed more than 7 days ago', () => {
    vi.setSystemTime(new Date('2025-10-08T03:00:00Z')); // September ended 8 days ago
    const a = deadlinesAnswer(new Date(), { kb, tz: HCM });
    expect(a.points.some((p) => shown(p.text).includes('work plan'))).toBe(false);
  });

  it('says so in one line when nothing is upcoming', () => {
    vi.setSystemTime(new Date('2028-03-01T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { kb, tz: HCM, teamDeadlines: [] });
    expect(shown(a.headline)).toBe('No upcoming deadlines.');
    expect(a.points).toEqual([]);
    expect(a.answered).toBe(true);
  });

  it('names the next deadline when nothing is due within 30 days', () => {
    vi.setSystemTime(new Date('2026-03-01T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { kb, tz: HCM });
    expect(shown(a.headline)).toBe('Nothing due in the next 30 days; the next deadline is APEC Year 2027 (2027).');
  });

  it('lists a team deadline due in 31 days as later, after the 30-day window', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { tz: HCM, teamDeadlines: [team({ id: 'd1', due: '2025-11-02', title: 'In 30' }), team({ id: 'd2', due: '2025-11-03', title: 'In 31' })] });
    expect(a.points.map((p) => shown(p.text))).toEqual([
      'In 30 — 2 Nov 2025 · in 30 days · added by U123 on 20 Sep 2025 (d1)',
      'Later: In 31 — 3 Nov 2025 · in 31 days · added by U123 on 20 Sep 2025 (d2)',
    ]);
    expect(shown(a.headline)).toBe('Deadlines in the next 30 days: 1.');
  });

  it("keeps a team's overdue deadline first, marked, however long ago it was due, and counts it in the heading", () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), {
      tz: HCM,
      teamDeadlines: [team({ id: 'd1', due: '2025-10-20', title: 'Later this month' }), team({ id: 'd2', due: '2025-08-01', title: 'Long forgotten' })],
    });
    expect(a.points.map((p) => shown(p.text))).toEqual([
      'Long forgotten — 1 Aug 2025 · 🔴 overdue by 63 days · added by U123 on 20 Sep 2025 (d2)',
      'Later this month — 20 Oct 2025 · in 17 days · added by U123 on 20 Sep 2025 (d1)',
    ]);
    expect(shown(a.headline)).toBe('Deadlines in the next 30 days: 1 (1 overdue).');
    expect(shown(a.headline, 'vi')).toBe('Hạn chót trong 30 ngày tới: 1 (1 quá hạn).');
    const onlyOverdue = deadlinesAnswer(new Date(), { tz: HCM, teamDeadlines: [team({ id: 'd2', due: '2025-08-01', title: 'Long forgotten' })] });
    expect(shown(onlyOverdue.headline)).toBe('Deadlines in the next 30 days: none (1 overdue).');
  });

  it('names the owner of a team deadline, by user id, before who added it', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { tz: HCM, teamDeadlines: [team({ id: 'd7', due: '2025-10-20', title: 'Owned', owner: 'U0OWNER01' })] });
    expect(shown(a.points[0].text)).toBe('Owned — 20 Oct 2025 · in 17 days · owner U0OWNER01 · added by U123 on 20 Sep 2025 (d7)');
    expect(shown(a.points[0].text, 'vi')).toBe('Owned — 20/10/2025 · còn 17 ngày · người phụ trách U0OWNER01 · do U123 thêm ngày 20/09/2025 (d7)');
  });

  it('notes that the sources are missing when there is no knowledge base', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = deadlinesAnswer(new Date(), { tz: HCM, teamDeadlines: [team({ id: 'd1', due: '2025-10-04', title: 'Only mine' })] });
    expect(a.points.map((p) => shown(p.text))).toEqual(['Only mine — 4 Oct 2025 · ⚠️ due tomorrow · added by U123 on 20 Sep 2025 (d1)']);
    expect(a.notes.map((n) => shown(n)).join(' ')).toMatch(/not loaded/);
  });
});

describe('deadlinesAnswer in Vietnamese', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const teamDeadlines = [team({ id: 'd4', due: '2025-10-10', title: 'Nộp ý kiến góp ý dự thảo' }), team({ id: 'd5', due: '2026-06-01', title: 'Far away' })];

  it('shows the same deadlines, in the same order with the same citations, in Vietnamese words and dates', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z')); // 3 Oct 2025 in HCM
    const en = deadlinesAnswer(new Date(), { kb, tz: HCM, teamDeadlines });
    const vn = deadlinesAnswer(new Date(), { kb, tz: HCM, teamDeadlines, lang: 'vi' });
    expect(vn.lang).toBe('vi');
    expect(shown(vn.headline, 'vi')).toBe('Hạn chót trong 30 ngày tới: 3.');
    expect(vn.points.map((p) => shown(p.text, 'vi'))).toEqual([
      'Nộp ý kiến góp ý dự thảo — 10/10/2025 · ⚠️ còn 7 ngày · do U123 thêm ngày 20/09/2025 (d4)',
      'A day-precision source deadline (tiêu đề tiếng Việt) — 25/10/2025 · còn 22 ngày',
      'Signing of the UN Convention against Cybercrime in Hanoi (tiêu đề tiếng Việt) — tháng 10/2025 · còn 28 ngày (đến 31/10/2025)',
      'Sau đó: Far away — 01/06/2026 · còn 241 ngày · do U123 thêm ngày 20/09/2025 (d5)',
      'Sau đó: APEC Year 2027 (tiêu đề tiếng Việt) — năm 2027 · còn 819 ngày (đến 31/12/2027)',
      'Đã qua: Steering Committee work plan 2026–2030 (tiêu đề tiếng Việt) — tháng 9/2025 · đã hết hạn: tháng đã kết thúc 3 ngày trước',
    ]);
    expect(vn.notes.map((n) => shown(n, 'vi'))).toEqual([
      'Hạn chót ghi theo tháng hoặc theo năm được tính đến hết ngày cuối cùng của tháng hoặc năm đó.',
      'Các hạn chót đã qua chỉ được nêu theo ngày; các nguồn không cho biết đã được thực hiện hay chưa.',
    ]);
    expect(vn.points.map((p) => p.cites)).toEqual(en.points.map((p) => p.cites));
    expect(vn.citations).toEqual(en.citations);
    // the words differ, the data does not
    expect(vn.points.map((p) => p.text)).toEqual(en.points.map((p) => p.text));
    expect(shown(vn.points[0].text, 'vi')).not.toBe(shown(en.points[0].text, 'en'));
  });

  it('marks overdue and due-within-7-days team deadlines in Vietnamese and English, overdue first', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const days = [
      team({ id: 'd1', due: '2025-10-03', title: 'Hôm nay' }),
      team({ id: 'd2', due: '2025-10-04', title: 'Ngày mai' }),
      team({ id: 'd3', due: '2025-10-02', title: 'Hôm qua' }),
      team({ id: 'd6', due: '2025-09-28', title: 'Tuần trước' }),
      team({ id: 'd8', due: '2025-10-11', title: 'Tám ngày' }),
    ];
    const vn = deadlinesAnswer(new Date(), { tz: HCM, teamDeadlines: days, lang: 'vi' });
    expect(vn.points.map((p) => shown(p.text, 'vi').split(' · ')[1])).toEqual(['🔴 quá hạn 5 ngày', '🔴 quá hạn 1 ngày', '⚠️ đến hạn hôm nay', '⚠️ đến hạn ngày mai', 'còn 8 ngày']);
    expect(vn.notes.map((n) => shown(n, 'vi'))).toEqual(['Chưa tải được các hạn chót từ nguồn; chỉ hiển thị hạn chót của kênh này.']);
    const en = deadlinesAnswer(new Date(), { tz: HCM, teamDeadlines: days });
    expect(en.points.map((p) => shown(p.text).split(' · ')[1])).toEqual(['🔴 overdue by 5 days', '🔴 overdue by 1 day', '⚠️ due today', '⚠️ due tomorrow', 'in 8 days']);
  });

  it("says yesterday and days ago of a passed source deadline, never marking it overdue, in both languages", () => {
    vi.setSystemTime(new Date('2025-10-26T03:00:00Z')); // the day-precision fixture was due on 25 Oct
    const line = (lang: 'en' | 'vi') => shown(deadlinesAnswer(new Date(), { kb, tz: HCM, lang }).points.find((p) => shown(p.text).includes('day-precision'))!.text, lang);
    expect(line('en')).toBe('Passed: A day-precision source deadline — 25 Oct 2025 · passed yesterday');
    expect(line('vi')).toBe('Đã qua: A day-precision source deadline (tiêu đề tiếng Việt) — 25/10/2025 · đã hết hạn hôm qua');
    vi.setSystemTime(new Date('2025-10-28T03:00:00Z'));
    expect(line('en')).toBe('Passed: A day-precision source deadline — 25 Oct 2025 · passed 3 days ago');
    expect(line('vi')).toBe('Đã qua: A day-precision source deadline (tiêu đề tiếng Việt) — 25/10/2025 · đã hết hạn 3 ngày trước');
  });

  it('says on the last day of a month deadline that it is the last day, in both languages', () => {
    vi.setSystemTime(new Date('2025-09-30T03:00:00Z'));
    const vn = deadlinesAnswer(new Date(), { kb, tz: HCM, lang: 'vi' });
    expect(shown(vn.points[0].text, 'vi')).toBe('Steering Committee work plan 2026–2030 (tiêu đề tiếng Việt) — tháng 9/2025 · ⚠️ hôm nay là ngày cuối cùng của tháng');
    expect(shown(deadlinesAnswer(new Date(), { kb, tz: HCM }).points[0].text)).toBe('Steering Committee work plan 2026–2030 — September 2025 · ⚠️ last day of the month is today');
  });

  it('names the next deadline, or says there is none, in Vietnamese', () => {
    vi.setSystemTime(new Date('2026-03-01T03:00:00Z'));
    expect(shown(deadlinesAnswer(new Date(), { kb, tz: HCM, lang: 'vi' }).headline, 'vi')).toBe(
      'Không có hạn chót nào trong 30 ngày tới; hạn chót gần nhất là APEC Year 2027 (tiêu đề tiếng Việt) (năm 2027).',
    );
    vi.setSystemTime(new Date('2028-03-01T03:00:00Z'));
    expect(shown(deadlinesAnswer(new Date(), { kb, tz: HCM, lang: 'vi' }).headline, 'vi')).toBe('Không có hạn chót nào sắp tới.');
  });

  it("lists a source deadline under its fact's Vietnamese label", () => {
    vi.setSystemTime(new Date('2025-09-22T03:00:00Z'));
    const plan = listDeadlines(new Date(), { kb, tz: HCM }).find((i) => i.id === 'work-plan.2026-2030')!;
    expect(plan).toMatchObject({ kind: 'source', title: 'Steering Committee work plan 2026–2030', titleVi: 'Steering Committee work plan 2026–2030 (tiêu đề tiếng Việt)' });
  });
});
