import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalZone, describeDateProblem, describeDateProblemVi, handleCommand, parseCommand, type CommandContext } from '../../src/digest/commands.js';
import type { DateProblem } from '../../src/digest/dates.js';
import { MemoryStore } from '../../src/store/memory.js';
import { kb } from './fixtures.js';
import { shown } from '../helpers/text.js';
import { verbatim } from '../../src/answer/messages.js';

const HCM = 'Asia/Ho_Chi_Minh';
// Sunday 22 Nov 2026, 10:00 in Ho Chi Minh City
const NOW = '2026-11-22T03:00:00.000Z';

let store: MemoryStore;
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  channel: 'C1',
  user: 'U123',
  teamId: 'T1',
  store,
  now: new Date(),
  tz: HCM,
  kb,
  ...over,
});
const run = (text: string, over: Partial<CommandContext> = {}) => handleCommand(text, ctx(over));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(NOW));
  store = new MemoryStore();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('text that is not a command', () => {
  for (const text of [
    'what deadlines does the action program set?',
    'deadline for the work plan?',
    'deadlines for APEC',
    'digest of this week news',
    'FDI in 2025',
    '',
    'add deadline 2026-12-15 x',
  ]) {
    it(`returns null for "${text}" (it goes to the question engine)`, async () => {
      expect(parseCommand(text, { now: new Date(), tz: HCM })).toBeNull();
      expect(await run(text)).toBeNull();
      expect(store.snapshot().deadlines).toEqual([]);
    });
  }
});

describe('deadlines', () => {
  it('lists source and this channel deadlines, not other channels', async () => {
    await run('deadline add 2026-12-01 Ours');
    await run('deadline add 2026-12-02 Theirs', { channel: 'C2' });
    const a = (await run('deadlines'))!;
    expect(a).toMatchObject({ answered: true, intent: 'deadlines', question: 'deadlines' });
    const text = a.points.map((p) => shown(p.text)).join('\n');
    expect(text).toContain('Ours — 1 Dec 2026 · in 9 days · added by U123 on 22 Nov 2026 · id d1');
    expect(text).not.toContain('Theirs');
  });

  it('accepts "Deadlines", "deadline list" and "deadlines?"', async () => {
    for (const t of ['Deadlines', 'deadline list', 'deadlines?', '  deadlines  ']) expect(parseCommand(t, { now: new Date(), tz: HCM })).toEqual({ kind: 'deadlines' });
  });
});

describe('deadline add', () => {
  const valid: [string, string, string][] = [
    ['deadline add 2026-12-15 Submit the report', '2026-12-15', 'Submit the report'],
    ['deadline add 15 Dec 2026 Submit the report', '2026-12-15', 'Submit the report'],
    ['deadline add Dec 15 2026 Submit the report', '2026-12-15', 'Submit the report'],
    ['deadline add Dec 15, 2026 Submit the report', '2026-12-15', 'Submit the report'],
    ['deadline add 15th December 2026: Submit the report', '2026-12-15', 'Submit the report'],
    ['Deadline ADD 2026/12/15 "Submit the report"', '2026-12-15', 'Submit the report'],
    ['deadline add 2026-12-5 Submit   the\treport', '2026-12-05', 'Submit the report'],
    ['deadline add 2026-11-22 Today is fine', '2026-11-22', 'Today is fine'],
    ['deadline add 29 Feb 2028 Leap day', '2028-02-29', 'Leap day'],
    ['deadline add 31/12/2026 Nộp báo cáo', '2026-12-31', 'Nộp báo cáo'],
    ['deadline add 25.12.2026 Day first', '2026-12-25', 'Day first'],
    ['deadline add 03/04/2027 Nộp báo cáo', '2027-04-03', 'Nộp báo cáo'],
    ['deadline add ngày 03/04/2027 Report', '2027-04-03', 'Report'],
    ['deadline add ngày 15/12 Họp', '2026-12-15', 'Họp'],
    ['deadline add ngày 15 tháng 12 năm 2026 Họp', '2026-12-15', 'Họp'],
    ['deadline add 15 thang 1 Hop giao ban', '2027-01-15', 'Hop giao ban'],
    ['deadline add thứ hai Gửi báo cáo', '2026-11-23', 'Gửi báo cáo'],
    ['deadline add CN: Họp tổng kết', '2026-11-29', 'Họp tổng kết'],
    ['deadline add friday Report', '2026-11-27', 'Report'],
  ];
  for (const [text, due, title] of valid) {
    it(`stores "${text}" as ${due} "${title}" and confirms with the id`, async () => {
      const a = (await run(text))!;
      expect(a.answered).toBe(true);
      expect(a.intent).toBe('deadlines');
      expect(shown(a.headline)).toMatch(/^Added d1: /);
      expect(store.snapshot().deadlines).toEqual([
        { id: 'd1', teamId: 'T1', channel: 'C1', title, due, createdBy: 'U123', createdAt: NOW, done: false, doneAt: null },
      ]);
    });
  }

  it('confirms with the due date and days left', async () => {
    const a = (await run('deadline add 15 Dec 2026 Submit the report'))!;
    expect(shown(a.headline)).toBe('Added d1: Submit the report — 15 Dec 2026 (in 23 days).');
    expect(a.notes.map((n) => shown(n)).join(' ')).toContain('deadline done d1');
  });

  it('accepts a title of exactly 150 characters', async () => {
    const a = (await run(`deadline add 2026-12-15 ${'x'.repeat(150)}`))!;
    expect(a.answered).toBe(true);
    expect(store.snapshot().deadlines.length).toBe(1);
  });

  it('counts the title in characters as a person sees them: 150 accented letters typed as two code points each are fine', async () => {
    const title = 'e\u0301'.repeat(150); // 300 code points
    const a = (await run(`deadline add 2026-12-15 ${title}`))!;
    expect(a.answered).toBe(true);
    expect(store.snapshot().deadlines.map((d) => d.title)).toEqual([title]);
  });

  it('counts an emoji sequence as one character', async () => {
    const title = '👩‍💻'.repeat(150); // 450 code points, 750 UTF-16 units
    expect((await run(`deadline add 2026-12-15 ${title}`))!.answered).toBe(true);
    expect(store.snapshot().deadlines.map((d) => d.title)).toEqual([title]);
  });

  it('takes bidi overrides, embeddings and isolates out of a title, so it cannot reverse the rest of a line', async () => {
    const a = (await run('deadline add 2026-12-15 Pay \u202Egnp.exe\u202C the \u2067invoice\u2069 \u202B\u200Btoday\u202C\u200B'))!;
    expect(a.answered).toBe(true);
    expect(store.snapshot().deadlines.map((d) => d.title)).toEqual(['Pay gnp.exe the invoice \u200Btoday']);
  });

  it('shows a title saved before without its bidi controls', async () => {
    await store.addDeadline({ channel: 'C1', title: 'Old \u202Etitle', due: '2026-12-15', createdBy: 'U1', createdAt: NOW });
    const text = (await run('deadlines'))!.points.map((p) => shown(p.text)).join('\n');
    expect(text).toContain('Old title — 15 Dec 2026');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  const invalid: [string, RegExp][] = [
    ['deadline add 2026-02-30 Impossible', /2026-02-30 is not a real date \(February 2026 has 28 days\).*deadline add 2026-12-15/],
    ['deadline add 31 Apr 2027 Impossible', /not a real date \(April 2027 has 30 days\)/],
    ['deadline add 2026-13-01 Impossible', /no month 13/],
    ['deadline add 03/04/2026 Ambiguous', /03\/04\/2026 is ambiguous \(3 Apr or Mar 4\?\): write it as 2026-04-03 or 3 Apr 2026/],
    ['deadline add 03.04.2027 Ambiguous', /ambiguous/],
    ['deadline add 12/25/2026 Month first', /12\/25\/2026 is written month first, but dates are read day first here: write it as 25\/12\/2026, 2026-12-25 or 25 Dec 2026/],
    ['deadline add 29/02/2027 Họp', /29\/02\/2027 is not a real date \(February 2027 has 28 days\)/],
    ['deadline add 31/12/26 Short', /31\/12\/26 needs the year in full: write it as 31\/12\/2026/],
    ['deadline add 31/13/2026 Họp', /31\/13\/2026 has no month 13/],
    ['deadline add thứ hai tuần này Họp', /16 Nov 2026 has already passed \(today is 22 Nov 2026\)/],
    ['deadline add thứ hai 01/12/2026 Họp', /1 Dec 2026 is a Tuesday, not a Monday: check the date/],
    ['deadline add tháng 12 Họp', /tháng 12 needs a day, e\.g\. 15 Dec\./],
    ['deadline add thứ hai', /needs a title after the date/],
    ['deadline add 2025-12-15 Past', /15 Dec 2025 has already passed \(today is 22 Nov 2026\)/],
    ['deadline add 21 Nov 2026 Yesterday', /has already passed/],
    ['deadline add Dec 2026 No day', /Dec 2026 needs a day, e\.g\. 15 Dec 2026/],
    ['deadline add Submit the report', /needs a date first.*deadline add 2026-12-15 Submit the report/],
    ['deadline add', /Give a date and a title/],
    ['deadline add 2026-12-15', /needs a title after the date/],
    ['deadline add 2026-12-15    ', /needs a title after the date/],
    ['deadline add 2026-12-15 -', /needs a title after the date/],
    [`deadline add 2026-12-15 ${'x'.repeat(151)}`, /The title is 151 characters; keep it to 150 or fewer/],
    [`deadline add 2026-12-15 ${'e\u0301'.repeat(151)}`, /The title is 151 characters; keep it to 150 or fewer/],
    ['deadline add 2026-12-15 \u200B', /no character that can be seen.*deadline add 2026-12-15 Submit the report/],
    ['deadline add 2026-12-15 \u2060\u200B \uFEFF\u200B', /no character that can be seen/],
    ['deadline add 2026-12-15 "\u200B\u200B"', /no character that can be seen/],
    ['deadline add 2026-12-15 \u3164\u115F', /no character that can be seen/],
    ['deadline add 2026-12-15 \u202E', /no character that can be seen/],
    ['deadline add 2026-12-15 \u202E\u2066\u200F\u2069', /no character that can be seen/],
    [`deadline add 2026-12-15 Zalgo a${'\u0301'.repeat(40)}`, /a character with 40 marks stacked on it/],
    ['deadline add 1800-01-01 Too old', /not a year I can use/],
  ];
  for (const [text, message] of invalid) {
    it(`replies what to type instead, and stores nothing, for "${text.slice(0, 60)}"`, async () => {
      const before = store.snapshot();
      const a = (await run(text))!;
      expect(a).not.toBeNull();
      expect(a.answered).toBe(false);
      expect(a.intent).toBe('deadlines');
      expect(shown(a.headline)).toMatch(message);
      expect(store.snapshot()).toEqual(before);
    });
  }

  it("uses today in the context's time zone for past dates", async () => {
    // 18:00 UTC on 22 Nov: already 23 Nov in Ho Chi Minh City, still 22 Nov in Berlin
    vi.setSystemTime(new Date('2026-11-22T18:00:00Z'));
    expect((await run('deadline add 2026-11-22 Berlin today', { tz: 'Europe/Berlin' }))!.answered).toBe(true);
    expect((await run('deadline add 2026-11-22 HCM yesterday'))!.answered).toBe(false);
  });

  it('replies that it could not save when the store fails, and claims nothing', async () => {
    store.failWrites = new Error('EROFS');
    const a = (await run('deadline add 2026-12-15 Report'))!;
    expect(a.answered).toBe(false);
    expect(shown(a.headline)).toMatch(/^Couldn't save the deadline/);
    expect(shown(a.headline)).not.toMatch(/Added/);
    store.failWrites = null;
    expect(store.snapshot().deadlines).toEqual([]);
  });
});

describe('deadline done / remove', () => {
  beforeEach(async () => {
    await run('deadline add 2026-12-15 Ours'); // d1 in C1
    await run('deadline add 2026-12-16 Theirs', { channel: 'C2' }); // d2 in C2
  });

  it('marks a deadline of this channel done and drops it from the list', async () => {
    const a = (await run('deadline done d1'))!;
    expect(a).toMatchObject({ answered: true, intent: 'deadlines', headline: verbatim('Marked d1 done: Ours (15 Dec 2026).') });
    expect(store.snapshot().deadlines[0]).toMatchObject({ done: true, doneAt: NOW });
    expect((await run('deadlines'))!.points.some((p) => shown(p.text).includes('Ours'))).toBe(false);
    expect(shown((await run('deadline done D1'))!.headline)).toMatch(/already marked done on 22 Nov 2026/);
  });

  it('removes a deadline of this channel', async () => {
    const a = (await run('deadline remove d1'))!;
    expect(a).toMatchObject({ answered: true, headline: verbatim('Removed d1: Ours (15 Dec 2026).') });
    expect(store.snapshot().deadlines.map((d) => d.id)).toEqual(['d2']);
    expect((await run('deadline delete d2', { channel: 'C2' }))!.answered).toBe(true);
  });

  for (const verb of ['done', 'remove']) {
    it(`answers not found for "${verb}" of another channel's deadline, changing nothing`, async () => {
      const before = store.snapshot();
      const a = (await run(`deadline ${verb} d2`))!;
      expect(a).toMatchObject({ answered: false, intent: 'deadlines' });
      expect(shown(a.headline)).toBe('No deadline d2 in this channel: type `deadlines` to see the ids.');
      expect(store.snapshot()).toEqual(before);
    });

    it(`answers not found for "${verb}" of an unknown id`, async () => {
      expect(shown((await run(`deadline ${verb} d99`))!.headline)).toMatch(/No deadline d99 in this channel/);
    });

    it(`asks which deadline for "${verb}" without an id or with a bad one`, async () => {
      const before = store.snapshot();
      expect(shown((await run(`deadline ${verb}`))!.headline)).toMatch(/Say which deadline: `deadline (done|remove) d3`/);
      expect(shown((await run(`deadline ${verb} report`))!.headline)).toMatch(/"report" is not a deadline id/);
      expect((await run(`deadline ${verb} d1 d2`))!.answered).toBe(false);
      expect(store.snapshot()).toEqual(before);
    });

    it(`replies that it could not save when the store fails on "${verb}"`, async () => {
      store.failWrites = new Error('ENOSPC');
      const a = (await run(`deadline ${verb} d1`))!;
      expect(a.answered).toBe(false);
      expect(shown(a.headline)).toMatch(/^Couldn't save/);
      store.failWrites = null;
      expect(store.snapshot().deadlines[0]).toMatchObject({ id: 'd1', done: false });
    });
  }
});

describe('digest on / off / status / preview', () => {
  it('subscribes with Monday 09:00 in the context zone by default and gives the next delivery', async () => {
    const a = (await run('digest on'))!;
    expect(a).toMatchObject({ answered: true, intent: 'digest' });
    expect(shown(a.headline)).toBe('Weekly deadline digest on: every Monday at 09:00 (Asia/Ho_Chi_Minh). Next: Mon 23 Nov 2026, 09:00.');
    expect(store.snapshot().subscriptions).toEqual([
      { teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: HCM, createdBy: 'U123', createdAt: NOW },
    ]);
  });

  const forms: [string, { weekday: number; time: string; tz: string }][] = [
    ['digest on friday 16:00 Europe/Berlin', { weekday: 5, time: '16:00', tz: 'Europe/Berlin' }],
    ['digest on Fri 7:30', { weekday: 5, time: '07:30', tz: HCM }],
    ['digest on every tuesday at 4pm', { weekday: 2, time: '16:00', tz: HCM }],
    ['digest on 08:15', { weekday: 1, time: '08:15', tz: HCM }],
    ['digest on europe/berlin', { weekday: 1, time: '09:00', tz: 'Europe/Berlin' }],
    ['digest on sundays 23:59 UTC', { weekday: 7, time: '23:59', tz: 'UTC' }],
    ['Digest On Wednesday 12am America/New_York', { weekday: 3, time: '00:00', tz: 'America/New_York' }],
    ['digest on monday 09:00 etc/gmt+12', { weekday: 1, time: '09:00', tz: 'Etc/GMT+12' }],
    ['digest on monday 09:00 us/pacific', { weekday: 1, time: '09:00', tz: 'US/Pacific' }],
    ['digest on monday 09:00 asia/saigon', { weekday: 1, time: '09:00', tz: 'Asia/Saigon' }],
    ['digest on thứ hai 09:00', { weekday: 1, time: '09:00', tz: HCM }],
    ['digest on T6 16:00', { weekday: 5, time: '16:00', tz: HCM }],
    ['digest on chủ nhật 8:30', { weekday: 7, time: '08:30', tz: HCM }],
    ['digest on Thứ Bảy, 10:00 Europe/Berlin', { weekday: 6, time: '10:00', tz: 'Europe/Berlin' }],
    ['digest on thu tu at 7:30', { weekday: 3, time: '07:30', tz: HCM }],
    ['digest on every thứ 5', { weekday: 4, time: '09:00', tz: HCM }],
    ['digest on 9:00 CN', { weekday: 7, time: '09:00', tz: HCM }],
  ];
  for (const [text, expected] of forms) {
    it(`subscribes for "${text}"`, async () => {
      const a = (await run(text))!;
      expect(a.answered).toBe(true);
      expect(store.snapshot().subscriptions[0]).toMatchObject(expected);
    });
  }

  it('stores and shows a zone outside the runtime list as IANA spells it', async () => {
    const a = (await run('digest on monday 09:00 etc/gmt+12'))!;
    expect(shown(a.headline)).toBe('Weekly deadline digest on: every Monday at 09:00 (Etc/GMT+12). Next: Mon 23 Nov 2026, 09:00.');
    expect(store.snapshot().subscriptions[0].tz).toBe('Etc/GMT+12');
  });

  it('shows, and saves again, a zone stored with odd capitals before as IANA spells it', async () => {
    await store.putSubscription({ teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: 'Etc/Gmt+12', createdBy: 'U1', createdAt: NOW });
    expect(shown((await run('digest'))!.headline)).toContain('(Etc/GMT+12)');
    await run('digest on 10:00');
    expect(store.snapshot().subscriptions[0]).toMatchObject({ time: '10:00', tz: 'Etc/GMT+12' });
  });

  it('confirms the next delivery in the subscription zone', async () => {
    const a = (await run('digest on friday 16:00 Europe/Berlin'))!;
    expect(shown(a.headline)).toBe('Weekly deadline digest on: every Friday at 16:00 (Europe/Berlin). Next: Fri 27 Nov 2026, 16:00.');
  });

  it('gives next week when this week slot has passed (never posts on subscribe)', async () => {
    vi.setSystemTime(new Date('2026-11-23T05:00:00Z')); // Monday 12:00 in HCM
    expect(shown((await run('digest on'))!.headline)).toMatch(/Next: Mon 30 Nov 2026, 09:00\.$/);
  });

  it('keeps the existing weekday and zone when only the time changes', async () => {
    await run('digest on friday 16:00 Europe/Berlin');
    await run('digest on 10:00');
    expect(store.snapshot().subscriptions).toMatchObject([{ weekday: 5, time: '10:00', tz: 'Europe/Berlin' }]);
  });

  const bad: [string, RegExp][] = [
    ['digest on funday', /I don't understand "funday".*digest on \[weekday\] \[HH:MM\] \[time zone\]/],
    ['digest on monday friday', /one weekday only/],
    ['digest on thứ hai thứ sáu', /one weekday only/],
    ['digest on thứ tám 09:00', /I don't understand "thứ" in `digest on`/],
    ['digest on 25:00', /25:00 is not a time of day: use 24-hour HH:MM/],
    ['digest on 9:75', /is not a time of day/],
    ['digest on 13pm', /13pm is not a time of day/],
    ['digest on 9', /9 is not a time I can read: write it as HH:MM, e\.g\. 09:00/],
    ['digest on 0900', /not a time I can read/],
    ['digest on 09:00 10:00', /one time only/],
    ['digest on Mars/Base', /Unknown time zone "Mars\/Base": use an IANA name such as Asia\/Ho_Chi_Minh/],
    ['digest on Europe/Berlin Asia/Tokyo', /one time zone only/],
    ['digest off now', /Type just `digest off`/],
    ['digest preview please', /Type just `digest preview`/],
  ];
  for (const [text, message] of bad) {
    it(`replies what to type and stores nothing for "${text}"`, async () => {
      const a = (await run(text))!;
      expect(a).toMatchObject({ answered: false, intent: 'digest' });
      expect(shown(a.headline)).toMatch(message);
      expect(store.snapshot().subscriptions).toEqual([]);
    });
  }

  it('unsubscribes with digest off, and says so when it was already off', async () => {
    await run('digest on');
    expect((await run('digest off'))!).toMatchObject({ answered: true, intent: 'digest', headline: verbatim('Weekly deadline digest off for this channel.') });
    expect(store.snapshot().subscriptions).toEqual([]);
    expect(shown((await run('digest off'))!.headline)).toBe('The weekly deadline digest was already off in this channel.');
  });

  it('shows the state with digest', async () => {
    const off = (await run('digest'))!;
    expect(off).toMatchObject({ answered: true, intent: 'digest', headline: verbatim('The weekly deadline digest is off in this channel.') });
    expect(off.notes.map((n) => shown(n)).join(' ')).toContain('digest on');
    await run('digest on thursday 08:00');
    await store.claimDelivery('C1', '2026-W47', '2026-11-19T01:00:00.000Z');
    await store.finishDelivery('C1', '2026-W47', { status: 'delivered', at: '2026-11-19T01:00:02.000Z', ts: '1.1' });
    const on = (await run('digest status'))!;
    expect(shown(on.headline)).toBe('The weekly deadline digest is on: every Thursday at 08:00 (Asia/Ho_Chi_Minh).');
    expect(on.points.map((p) => shown(p.text))).toEqual(['Next: Thu 26 Nov 2026, 08:00.', 'Last sent: Thu 19 Nov 2026, 08:00.']);
  });

  it('previews the digest for this channel without posting or storing anything', async () => {
    await run('deadline add 2026-12-01 Ours');
    const before = store.snapshot();
    const a = (await run('digest preview'))!;
    expect(a).toMatchObject({ answered: true, intent: 'digest', question: 'digest preview' });
    expect(shown(a.headline)).toBe('Weekly deadline digest: 1 due in the next 30 days.');
    expect(shown(a.points[0].text)).toContain('Ours — 1 Dec 2026 · in 9 days');
    expect(store.snapshot()).toEqual(before);
  });

  it('replies that it could not save when the store fails on digest on / off', async () => {
    await run('digest on');
    store.failWrites = new Error('EROFS');
    for (const t of ['digest on friday 10:00', 'digest off']) {
      const a = (await run(t))!;
      expect(a).toMatchObject({ answered: false, intent: 'digest' });
      expect(shown(a.headline)).toMatch(/^Couldn't save/);
    }
    store.failWrites = null;
    expect(store.snapshot().subscriptions).toMatchObject([{ weekday: 1, time: '09:00' }]);
  });
});

describe('describeDateProblem / describeDateProblemVi', () => {
  const cases: [DateProblem, string, string][] = [
    [{ kind: 'missing' }, 'it needs a date first', 'vui lòng ghi ngày trước tên công việc, ví dụ 31/12/2026, ngày 15 tháng 12 hoặc thứ Hai'],
    [
      { kind: 'ambiguous', typed: '03/04/2026', dayFirst: '2026-04-03', monthFirst: '2026-03-04' },
      '03/04/2026 is ambiguous (3 Apr or Mar 4?): write it as 2026-04-03 or 3 Apr 2026',
      '“03/04/2026” có thể hiểu là ngày 3 tháng 4 hoặc ngày 4 tháng 3. Nếu là ngày 3 tháng 4 năm 2026, vui lòng ghi “ngày 03/04/2026” hoặc 2026-04-03',
    ],
    [
      { kind: 'month-first', typed: '12/25/2026', date: '2026-12-25' },
      '12/25/2026 is written month first, but dates are read day first here: write it as 25/12/2026, 2026-12-25 or 25 Dec 2026',
      '“12/25/2026” được ghi theo thứ tự tháng trước, ngày sau. Nếu là ngày 25 tháng 12 năm 2026, vui lòng ghi ngày trước tháng: 25/12/2026',
    ],
    [{ kind: 'bad-month', typed: '15/13/2026', month: 13 }, '15/13/2026 has no month 13', '“15/13/2026” không hợp lệ vì không có tháng 13'],
    [{ kind: 'bad-year', typed: '1800-01-01', year: 1800 }, '1800-01-01 is not a year I can use', '“1800-01-01” không hợp lệ: năm phải từ 1900 đến 2199'],
    [{ kind: 'short-year', typed: '31/12/26', full: '31/12/2026' }, '31/12/26 needs the year in full: write it as 31/12/2026', 'vui lòng ghi năm đủ bốn chữ số, ví dụ 31/12/2026'],
    [
      { kind: 'no-such-date', typed: '29/02/2027', year: 2027, month: 2, day: 29, days: 28 },
      '29/02/2027 is not a real date (February 2027 has 28 days)',
      'không có ngày 29/02/2027 vì tháng 2 năm 2027 chỉ có 28 ngày',
    ],
    [
      { kind: 'no-such-date', typed: '00/12/2026', year: 2026, month: 12, day: 0, days: 31 },
      '00/12/2026 is not a real date (December 2026 has 31 days)',
      '“00/12/2026” không phải là một ngày hợp lệ',
    ],
    [{ kind: 'needs-day', typed: 'tháng 12 năm 2026', month: 12, year: 2026 }, 'tháng 12 năm 2026 needs a day, e.g. 15 Dec 2026', '“tháng 12 năm 2026” còn thiếu ngày, ví dụ 15/12/2026'],
    [{ kind: 'needs-day', typed: 'tháng 3', month: 3, year: null }, 'tháng 3 needs a day, e.g. 15 Mar', '“tháng 3” còn thiếu ngày, ví dụ 15/03'],
    [
      { kind: 'weekday-mismatch', typed: 'thứ hai 01/12/2026', date: '2026-12-01', weekday: 1, actual: 2 },
      '1 Dec 2026 is a Tuesday, not a Monday: check the date',
      'ngày 01/12/2026 là thứ Ba, không phải thứ Hai; vui lòng kiểm tra lại',
    ],
  ];
  for (const [p, en, vi] of cases) {
    it(`words the ${p.kind} problem${'typed' in p ? ` of "${p.typed}"` : ''} in English and in Vietnamese`, () => {
      expect(describeDateProblem(p)).toBe(en);
      expect(describeDateProblemVi(p)).toBe(vi);
    });
  }
});

describe('canonicalZone', () => {
  it('restores the IANA spelling of a zone typed in another case', () => {
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('asia/ho_chi_minh')).toBe('Asia/Ho_Chi_Minh');
    expect(canonicalZone('utc')).toBe('UTC');
    expect(canonicalZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
  });

  it('spells zones the runtime does not list (links, Etc/) as IANA does, and keeps the zone named', () => {
    expect(canonicalZone('etc/gmt+12')).toBe('Etc/GMT+12');
    expect(canonicalZone('ETC/GMT-14')).toBe('Etc/GMT-14');
    expect(canonicalZone('us/pacific')).toBe('US/Pacific');
    expect(canonicalZone('europe/kyiv')).toBe('Europe/Kyiv');
    expect(canonicalZone('america/argentina/comodrivadavia')).toBe('America/Argentina/ComodRivadavia');
    expect(canonicalZone('antarctica/dumontdurville')).toBe('Antarctica/DumontDUrville');
    expect(canonicalZone('Not/AZone')).toBe('Not/AZone');
  });
});
