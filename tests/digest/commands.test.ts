import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalZone, checkNewDeadline, describeInstant, describeSchedule, handleCommand, parseCommand, type CommandContext } from '../../src/digest/commands.js';
import { YEAR_MAX, YEAR_MIN, type DateProblem } from '../../src/digest/dates.js';
import { sayDigest } from '../../src/digest/messages.js';
import { MemoryStore } from '../../src/store/memory.js';
import { kb } from './fixtures.js';
import { shown } from '../helpers/text.js';

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
    expect(text).toContain('Ours — 1 Dec 2026 · in 9 days · added by U123 on 22 Nov 2026 (d1)');
    expect(text).not.toContain('Theirs');
  });

  it('accepts "Deadlines", "deadline list" and "deadlines?"', async () => {
    for (const t of ['Deadlines', 'deadline list', 'deadlines?', '  deadlines  ']) expect(parseCommand(t, { now: new Date(), tz: HCM })).toEqual({ kind: 'deadlines' });
  });
});

describe('checkNewDeadline (the Add-deadline form)', () => {
  const today = '2026-11-22';
  it('cleans the title as "deadline add" does and accepts today or later', () => {
    expect(checkNewDeadline({ date: '2026-11-22', title: '  "Submit \u202Ethe   report"  ' }, today)).toEqual({ ok: true, date: '2026-11-22', title: 'Submit the report' });
    expect(checkNewDeadline({ date: '2199-12-31', title: 'Far' }, today)).toMatchObject({ ok: true });
  });

  it('says what is wrong with the date and the title, field by field', () => {
    expect(checkNewDeadline({ date: '2026-11-21', title: 'x' }, today)).toEqual({ ok: false, date: { kind: 'past', today }, title: null });
    expect(checkNewDeadline({ date: null, title: '' }, today)).toEqual({ ok: false, date: { kind: 'missing' }, title: { kind: 'missing' } });
    expect(checkNewDeadline({ date: '2026-02-30', title: 'x' }, today)).toMatchObject({ ok: false, date: { kind: 'missing' } });
    expect(checkNewDeadline({ date: 'tomorrow', title: 'x' }, today)).toMatchObject({ ok: false, date: { kind: 'missing' } });
    expect(checkNewDeadline({ date: '2200-01-01', title: 'x' }, today)).toMatchObject({ ok: false, date: { kind: 'out-of-range', min: YEAR_MIN, max: YEAR_MAX } });
    expect(checkNewDeadline({ date: '2026-12-01', title: '\u200b\u2060' }, today)).toMatchObject({ ok: false, date: null, title: { kind: 'invisible' } });
    expect(checkNewDeadline({ date: '2026-12-01', title: 'x'.repeat(151) }, today)).toMatchObject({ ok: false, title: { kind: 'long', count: 151, max: 150 } });
    expect(checkNewDeadline({ date: '2026-12-01', title: `a${'\u0301'.repeat(20)}` }, today)).toMatchObject({ ok: false, title: { kind: 'marks', marks: 20 } });
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

  it('shows the added deadline as lists do, with who added it and its id, under the confirmation', async () => {
    const a = (await run('deadline add 2026-11-25 Submit the report'))!;
    expect(a.points.map((p) => shown(p.text))).toEqual(['Submit the report — 25 Nov 2026 · ⚠️ due in 3 days · added by U123 on 22 Nov 2026 (d1)']);
  });

  for (const [text, title] of [
    ['deadline add 2026-12-15 Submit the report @U01OWNER9', 'Submit the report'],
    ['deadline add 2026-12-15 <@U01OWNER9> Submit the report', 'Submit the report'],
    ['deadline add 2026-12-15 Submit the report <@U01OWNER9|alice>', 'Submit the report'],
  ]) {
    it(`stores the mentioned person as the owner when "${text}" is added`, async () => {
      const a = (await run(text))!;
      expect(a.answered).toBe(true);
      expect(store.snapshot().deadlines).toMatchObject([{ id: 'd1', title, owner: 'U01OWNER9' }]);
      expect(shown(a.points[0].text)).toContain('owner U01OWNER9 · added by U123');
    });
  }

  it('keeps a name, a short id or a mention inside the title as part of the title, with no owner', async () => {
    for (const text of ['deadline add 2026-12-15 Call @alice', 'deadline add 2026-12-15 Report to @UN2025', 'deadline add 2026-12-15 Ask @U01OWNER9 for figures', 'deadline add 2026-12-15 @U01OWNER9']) {
      store = new MemoryStore();
      const a = (await run(text))!;
      expect(a.answered, text).toBe(true);
      expect(store.snapshot().deadlines[0].owner, text).toBeUndefined();
      expect(store.snapshot().deadlines[0].title, text).toBe(text.slice('deadline add 2026-12-15 '.length));
    }
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
    expect(a).toMatchObject({ answered: true, intent: 'deadlines' });
    expect(shown(a.headline)).toBe('Marked d1 done: Ours (15 Dec 2026).');
    expect(store.snapshot().deadlines[0]).toMatchObject({ done: true, doneAt: NOW });
    expect((await run('deadlines'))!.points.some((p) => shown(p.text).includes('Ours'))).toBe(false);
    expect(shown((await run('deadline done D1'))!.headline)).toMatch(/already marked done on 22 Nov 2026/);
  });

  it('removes a deadline of this channel', async () => {
    const a = (await run('deadline remove d1'))!;
    expect(a.answered).toBe(true);
    expect(shown(a.headline)).toBe('Removed d1: Ours (15 Dec 2026).');
    expect(store.snapshot().deadlines.map((d) => d.id)).toEqual(['d2']);
    expect((await run('deadline delete d2', { channel: 'C2' }))!.answered).toBe(true);
  });

  for (const verb of ['done', 'remove']) {
    it(`answers not found for "${verb}" of another channel's deadline, changing nothing`, async () => {
      const before = store.snapshot();
      const a = (await run(`deadline ${verb} d2`))!;
      expect(a).toMatchObject({ answered: false, intent: 'deadlines' });
      expect(shown(a.headline)).toBe('No deadline d2 in this channel: type `deadlines` to see the list.');
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
      { teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: HCM, createdBy: 'U123', createdAt: NOW, lang: 'en' },
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
    ['digest on thu 7:30', { weekday: 4, time: '07:30', tz: HCM }],
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
    const off = (await run('digest off'))!;
    expect(off).toMatchObject({ answered: true, intent: 'digest' });
    expect(shown(off.headline)).toBe('Weekly deadline digest off for this channel.');
    expect(store.snapshot().subscriptions).toEqual([]);
    expect(shown((await run('digest off'))!.headline)).toBe('The weekly deadline digest was already off in this channel.');
  });

  it('shows the state with digest', async () => {
    const off = (await run('digest'))!;
    expect(off).toMatchObject({ answered: true, intent: 'digest' });
    expect(shown(off.headline)).toBe('The weekly deadline digest is off in this channel.');
    expect(off.notes.map((n) => shown(n)).join(' ')).toContain('digest on');
    await run('digest on thursday 08:00');
    await store.claimDelivery('C1', '2026-W47', '2026-11-19T01:00:00.000Z');
    await store.finishDelivery('C1', '2026-W47', { status: 'delivered', at: '2026-11-19T01:00:02.000Z', ts: '1.1' });
    const on = (await run('digest status'))!;
    expect(shown(on.headline)).toBe('The weekly deadline digest is on: every Thursday at 08:00 (Asia/Ho_Chi_Minh).');
    expect(on.points.map((p) => shown(p.text))).toEqual([
      'Next: Thu 26 Nov 2026, 08:00.',
      'Last sent: Thu 19 Nov 2026, 08:00.',
      'Due-day reminders: off. Type `digest reminders on` to get one here on the day each deadline is due.',
    ]);
  });

  it('previews the digest for this channel without posting or storing anything', async () => {
    await run('deadline add 2026-12-01 Ours');
    const before = store.snapshot();
    const a = (await run('digest preview'))!;
    expect(a).toMatchObject({ answered: true, intent: 'digest', question: 'digest preview' });
    expect(shown(a.headline)).toBe('Weekly deadline digest — deadlines in the next 30 days: 1.');
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

describe('the date problems of deadline add', () => {
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
      const message = sayDigest('deadline.badDate', { problem: p, years: { min: YEAR_MIN, max: YEAR_MAX } });
      expect(shown(message, 'en')).toBe(`Can't add that deadline: ${en}. Type \`deadline add 2026-12-15 Submit the report\` (or 15 Dec 2026).`);
      expect(shown(message, 'vi')).toBe(`Chưa thêm được hạn chót: ${vi}. Ví dụ: \`deadline add 15/12/2026 Nộp báo cáo\`.`);
    });
  }
});

describe('describeSchedule / describeInstant', () => {
  it('word a weekly slot and an instant in the zone given, in English and in Vietnamese', () => {
    const schedule = describeSchedule({ weekday: 7, time: '08:30', tz: 'etc/gmt+12' });
    expect(shown(schedule, 'en')).toBe('every Sunday at 08:30 (Etc/GMT+12)');
    expect(shown(schedule, 'vi')).toBe('Chủ nhật hằng tuần lúc 08:30 (Etc/GMT+12)');
    // 23:30 UTC on Sunday 22 Nov is already Monday 23 Nov in Ho Chi Minh City
    const at = describeInstant(new Date('2026-11-22T23:30:00Z'), HCM);
    expect(shown(at, 'en')).toBe('Mon 23 Nov 2026, 06:30');
    expect(shown(at, 'vi')).toBe('06:30 thứ Hai, 23/11/2026');
  });
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

describe('replies in Vietnamese', () => {
  const vi = (text: string, over: Partial<CommandContext> = {}) => run(text, { lang: 'vi', ...over });
  const said = (a: { headline: Parameters<typeof shown>[0]; lang: 'en' | 'vi' }) => shown(a.headline, a.lang);

  it('confirms deadline add in Vietnamese, with Vietnamese dates, when the command is typed in Vietnamese', async () => {
    const a = (await run('deadline add 15/12/2026 Nộp báo cáo'))!;
    expect(a.lang).toBe('vi');
    expect(said(a)).toBe('Đã thêm d1: Nộp báo cáo — 15/12/2026 (còn 23 ngày).');
    expect(a.notes.map((n) => shown(n, 'vi'))).toEqual(['Khi hoàn thành, gõ `deadline done d1`; để xóa, gõ `deadline remove d1`.']);
  });

  it('reads a command as Vietnamese from its date words when they are typed without diacritics', async () => {
    for (const [text, headline] of [
      ['deadline add ngay 24/11 Hop to', 'Đã thêm d1: Hop to — 24/11/2026 (còn 2 ngày).'],
      ['deadline add thu hai tuan sau Hop', 'Đã thêm d2: Hop — 23/11/2026 (đến hạn ngày mai).'],
      ['deadline add 15 thang 12 Bao cao', 'Đã thêm d3: Bao cao — 15/12/2026 (còn 23 ngày).'],
    ]) {
      const a = (await run(text))!;
      expect({ text, lang: a.lang, headline: said(a) }).toEqual({ text, lang: 'vi', headline });
    }
  });

  it('replies in English when the command shows no Vietnamese, whatever its title says in capitals', async () => {
    for (const text of ['deadline add 2026-12-15 Report to CN team', 'deadline add friday T2 review', 'deadline add 15 Dec 2026 Nop bao cao']) {
      const a = (await run(text))!;
      expect({ text, lang: a.lang }).toEqual({ text, lang: 'en' });
      expect(said(a)).toMatch(/^Added d\d: /);
    }
  });

  it("replies in the user's or channel's chosen language over the command's own", async () => {
    const en = (await run('deadline add 31/12/2026 Nộp báo cáo', { lang: 'en' }))!;
    expect(en.lang).toBe('en');
    expect(said(en)).toBe('Added d1: Nộp báo cáo — 31 Dec 2026 (in 39 days).');
    const vn = (await vi('deadline add 2026-12-15 Submit the report'))!;
    expect(vn.lang).toBe('vi');
    expect(said(vn)).toBe('Đã thêm d2: Submit the report — 15/12/2026 (còn 23 ngày).');
  });

  it('replies to every deadline command in Vietnamese when the chosen language is Vietnamese', async () => {
    await run('deadline add 2026-12-15 Ours');
    await run('deadline add 2026-12-16 Second');
    const replies: [string, string][] = [
      ['deadline done d1', 'Đã đánh dấu hoàn thành d1: Ours (15/12/2026).'],
      ['deadline done d1', 'd1 (Ours) đã được đánh dấu hoàn thành từ ngày 22/11/2026.'],
      ['deadline remove d2', 'Đã xóa d2: Second (16/12/2026).'],
      ['deadline remove d2', 'Kênh này không có hạn chót d2: gõ `deadlines` để xem danh sách hạn chót.'],
      ['deadline done', 'Vui lòng cho biết hạn chót nào: `deadline done d3` (gõ `deadlines` để xem danh sách hạn chót).'],
      ['deadline remove report', '“report” không phải là mã hạn chót: vui lòng gõ `deadline remove d3` (gõ `deadlines` để xem danh sách hạn chót).'],
      ['deadline add', 'Vui lòng ghi ngày và tên công việc, ví dụ `deadline add 15/12/2026 Nộp báo cáo`.'],
      ['deadline add 2026-12-15', 'Vui lòng ghi tên công việc sau ngày, ví dụ `deadline add 15/12/2026 Nộp báo cáo`.'],
      [
        'deadline add 2025-12-15 Past',
        'Ngày 15/12/2025 đã qua (hôm nay là 22/11/2026): vui lòng ghi một ngày từ hôm nay trở đi, ví dụ `deadline add 15/12/2026 Nộp báo cáo`.',
      ],
      [`deadline add 2026-12-15 ${'x'.repeat(151)}`, 'Tên công việc dài 151 ký tự; vui lòng rút gọn còn tối đa 150 ký tự, ví dụ `deadline add 15/12/2026 Nộp báo cáo`.'],
      [
        'deadline add 2026-12-15 \u200B',
        'Tên công việc không có ký tự nào hiển thị được (chỉ có khoảng trắng hoặc ký tự định dạng ẩn): vui lòng gõ theo mẫu `deadline add 15/12/2026 Nộp báo cáo`.',
      ],
      [
        `deadline add 2026-12-15 a${'\u0301'.repeat(40)}`,
        'Tên công việc có một ký tự bị chồng 40 dấu; vui lòng gõ bằng chữ thông thường, ví dụ `deadline add 15/12/2026 Nộp báo cáo`.',
      ],
    ];
    for (const [text, headline] of replies) {
      const a = (await vi(text))!;
      expect({ text, lang: a.lang, headline: said(a) }).toEqual({ text, lang: 'vi', headline });
    }
  });

  it('says in Vietnamese what is wrong with a date typed in Vietnamese', async () => {
    const cases: [string, string][] = [
      ['deadline add thứ hai 01/12/2026 Họp', 'ngày 01/12/2026 là thứ Ba, không phải thứ Hai; vui lòng kiểm tra lại'],
      ['deadline add 30/02/2027 Họp', 'không có ngày 30/02/2027 vì tháng 2 năm 2027 chỉ có 28 ngày'],
      ['deadline add tháng 12 Họp', '“tháng 12” còn thiếu ngày, ví dụ 15/12'],
      ['deadline add 31/12/26 Họp', 'vui lòng ghi năm đủ bốn chữ số, ví dụ 31/12/2026'],
      ['deadline add Họp tổ', 'vui lòng ghi ngày trước tên công việc, ví dụ 31/12/2026, ngày 15 tháng 12 hoặc thứ Hai'],
    ];
    for (const [text, problem] of cases) {
      const before = store.snapshot();
      const a = (await run(text))!;
      expect({ text, answered: a.answered, lang: a.lang, headline: said(a) }).toEqual({
        text,
        answered: false,
        lang: 'vi',
        headline: `Chưa thêm được hạn chót: ${problem}. Ví dụ: \`deadline add 15/12/2026 Nộp báo cáo\`.`,
      });
      expect(store.snapshot()).toEqual(before);
    }
  });

  it('says in Vietnamese that it could not save when the store fails', async () => {
    store.failWrites = new Error('EROFS');
    const a = (await run('deadline add 15/12/2026 Nộp báo cáo'))!;
    expect(a).toMatchObject({ answered: false, lang: 'vi' });
    expect(said(a)).toBe('Chưa lưu được hạn chót: hệ thống lưu trữ hiện chưa nhận thay đổi. Chưa có gì bị thay đổi; vui lòng thử lại sau ít phút.');
  });

  it('lists the same deadlines and citations in both languages, in different words', async () => {
    await run('deadline add 2026-12-01 Ours');
    const en = (await run('deadlines'))!;
    const vn = (await vi('deadlines'))!;
    expect(vn.lang).toBe('vi');
    expect(vn.citations).toEqual(en.citations);
    expect(vn.points.map((p) => p.cites)).toEqual(en.points.map((p) => p.cites));
    expect(vn.points.map((p) => shown(p.text, 'vi'))).toEqual([
      'Ours — 01/12/2026 · còn 9 ngày · do U123 thêm ngày 22/11/2026 (d1)',
      'Sau đó: APEC Year 2027 (tiêu đề tiếng Việt) — năm 2027 · còn 404 ngày (đến 31/12/2027)',
    ]);
    expect(shown(vn.headline, 'vi')).toBe('Hạn chót trong 30 ngày tới: 1.');
    expect(vn.notes.map((n) => shown(n, 'vi'))).toEqual(['Hạn chót ghi theo tháng hoặc theo năm được tính đến hết ngày cuối cùng của tháng hoặc năm đó.']);
    expect(en.points.map((p) => shown(p.text, 'en'))[1]).toBe('Later: APEC Year 2027 — 2027 · 404 days left (to 31 Dec 2027)');
  });
});

describe('the digest in Vietnamese', () => {
  const said = (a: { headline: Parameters<typeof shown>[0]; lang: 'en' | 'vi' }) => shown(a.headline, a.lang);

  it('subscribes a Vietnamese digest for "digest on thứ hai 09:00" and confirms in Vietnamese', async () => {
    const a = (await run('digest on thứ hai 09:00'))!;
    expect(a).toMatchObject({ answered: true, intent: 'digest', lang: 'vi' });
    expect(said(a)).toBe('Đã bật bản tin hạn chót hằng tuần: thứ Hai hằng tuần lúc 09:00 (Asia/Ho_Chi_Minh). Lần gửi tới: 09:00 thứ Hai, 23/11/2026.');
    expect(a.points.map((p) => shown(p.text, 'vi'))).toEqual([
      'Bản tin liệt kê các hạn chót trong 30 ngày tới kèm số ngày còn lại, các hạn chót quá hạn của kênh, các hạn chót của nguồn đã qua trong 7 ngày gần nhất và hạn chót kế tiếp sau đó.',
    ]);
    expect(store.snapshot().subscriptions).toEqual([
      { teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: HCM, createdBy: 'U123', createdAt: NOW, lang: 'vi' },
    ]);
  });

  it('names Sunday as "Chủ nhật" and weekdays in lower case inside a sentence', async () => {
    expect(said((await run('digest on chủ nhật 8:30'))!)).toBe(
      'Đã bật bản tin hạn chót hằng tuần: Chủ nhật hằng tuần lúc 08:30 (Asia/Ho_Chi_Minh). Lần gửi tới: 08:30 Chủ nhật, 29/11/2026.',
    );
    expect(said((await run('digest on T6 16:00'))!)).toMatch(/^Đã bật bản tin hạn chót hằng tuần: thứ Sáu hằng tuần lúc 16:00/);
  });

  it('subscribes an English digest for "digest on monday" unless Vietnamese was chosen', async () => {
    await run('digest on monday');
    expect(store.snapshot().subscriptions[0].lang).toBe('en');
    const a = (await run('digest on monday', { lang: 'vi' }))!;
    expect(a.lang).toBe('vi');
    expect(store.snapshot().subscriptions[0].lang).toBe('vi');
  });

  it("keeps the digest's language, and replies in it, when only its time or zone changes", async () => {
    await run('digest on thứ sáu 16:00');
    const a = (await run('digest on 10:00'))!;
    expect(a.lang).toBe('vi');
    expect(said(a)).toMatch(/^Đã bật bản tin hạn chót hằng tuần: thứ Sáu hằng tuần lúc 10:00/);
    expect(store.snapshot().subscriptions).toMatchObject([{ weekday: 5, time: '10:00', lang: 'vi' }]);
    expect((await run('digest on 11:00', { lang: 'en' }))!.lang).toBe('en');
    expect(store.snapshot().subscriptions).toMatchObject([{ time: '11:00', lang: 'en' }]);
  });

  it('shows the state, and turns it off, in Vietnamese', async () => {
    const off = (await run('digest', { lang: 'vi' }))!;
    expect(said(off)).toBe('Bản tin hạn chót hằng tuần đang tắt ở kênh này.');
    expect(off.notes.map((n) => shown(n, 'vi'))).toEqual([
      'Gõ `digest on` để nhận bản tin vào thứ Hai hằng tuần lúc 09:00 (Asia/Ho_Chi_Minh), hoặc `digest on [thứ] [HH:MM] [múi giờ]`, ví dụ `digest on thứ sáu 16:00 Asia/Ho_Chi_Minh`.',
    ]);
    await run('digest on thứ năm 08:00');
    await store.claimDelivery('C1', '2026-W47', '2026-11-19T01:00:00.000Z');
    await store.finishDelivery('C1', '2026-W47', { status: 'delivered', at: '2026-11-19T01:00:02.000Z', ts: '1.1' });
    const on = (await run('digest status'))!;
    expect(on.lang).toBe('vi');
    expect(said(on)).toBe('Bản tin hạn chót hằng tuần đang bật: thứ Năm hằng tuần lúc 08:00 (Asia/Ho_Chi_Minh).');
    expect(on.points.map((p) => shown(p.text, 'vi'))).toEqual([
      'Lần gửi tới: 08:00 thứ Năm, 26/11/2026.',
      'Lần gửi gần nhất: 08:00 thứ Năm, 19/11/2026.',
      'Nhắc hạn trong ngày: đang tắt. Gõ `digest reminders on` để nhận lời nhắc ở đây vào ngày đến hạn của mỗi hạn chót.',
    ]);
    expect(on.notes.map((n) => shown(n, 'vi'))).toEqual(['Gõ `digest preview` để xem trước bản tin, `digest off` để tắt.']);
    expect(said((await run('digest off'))!)).toBe('Đã tắt bản tin hạn chót hằng tuần ở kênh này.');
    expect(said((await run('digest off', { lang: 'vi' }))!)).toBe('Bản tin hạn chót hằng tuần ở kênh này đã tắt từ trước.');
  });

  it('previews the digest in its own language: the same deadlines and citations as the English one', async () => {
    await run('deadline add 2026-12-01 Ours');
    await run('digest on thứ hai');
    const vn = (await run('digest preview'))!;
    expect(vn).toMatchObject({ answered: true, intent: 'digest', lang: 'vi', question: 'digest preview' });
    expect(said(vn)).toBe('Bản tin hạn chót hằng tuần — hạn chót trong 30 ngày tới: 1.');
    expect(vn.points.map((p) => shown(p.text, 'vi'))).toEqual([
      'Ours — 01/12/2026 · còn 9 ngày · do U123 thêm ngày 22/11/2026 (d1)',
      'Sau đó: APEC Year 2027 (tiêu đề tiếng Việt) — năm 2027 · còn 404 ngày (đến 31/12/2027)',
    ]);
    await run('digest on monday', { lang: 'en' });
    const en = (await run('digest preview'))!;
    expect(en.lang).toBe('en');
    expect(shown(en.headline, 'en')).toBe('Weekly deadline digest — deadlines in the next 30 days: 1.');
    expect(en.points.map((p) => p.cites)).toEqual(vn.points.map((p) => p.cites));
    expect(en.citations).toEqual(vn.citations);
  });

  it('says in Vietnamese what is wrong with a digest on typed in Vietnamese, storing nothing', async () => {
    const bad: [string, string][] = [
      ['digest on thứ hai thứ sáu', 'Vui lòng chỉ ghi một thứ trong tuần.'],
      ['digest on chủ nhật 25:00', '“25:00” không phải là giờ hợp lệ: vui lòng ghi theo định dạng 24 giờ HH:MM, ví dụ 09:00 hoặc 16:30.'],
      ['digest on T6 9', 'Chưa đọc được giờ “9”: vui lòng ghi theo dạng HH:MM, ví dụ 09:00.'],
      ['digest on thu hai 9:00 10:00', 'Vui lòng chỉ ghi một giờ.'],
      ['digest on thứ hai Sao/Hoa', 'Không nhận ra múi giờ “Sao/Hoa”: vui lòng dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh, Europe/Berlin hoặc UTC.'],
      ['digest on thứ tám', 'Tôi chưa hiểu “thứ” trong lệnh `digest on`.'],
    ];
    for (const [text, headline] of bad) {
      const a = (await run(text))!;
      expect({ text, answered: a.answered, lang: a.lang, headline: said(a) }).toEqual({
        text,
        answered: false,
        lang: 'vi',
        headline: `${headline} Gõ theo mẫu \`digest on [thứ] [HH:MM] [múi giờ]\`, ví dụ \`digest on thứ sáu 16:00 Asia/Ho_Chi_Minh\`.`,
      });
    }
    expect(said((await run('digest off now', { lang: 'vi' }))!)).toBe('Chỉ cần gõ `digest off` để tắt bản tin hạn chót hằng tuần ở kênh này.');
    expect(said((await run('digest preview please', { lang: 'vi' }))!)).toBe('Chỉ cần gõ `digest preview` để xem trước nội dung bản tin nếu được gửi ngay bây giờ.');
    expect(store.snapshot().subscriptions).toEqual([]);
  });
});

describe('digest reminders on / off', () => {
  const said = (a: { headline: Parameters<typeof shown>[0]; lang: 'en' | 'vi' }) => shown(a.headline, a.lang);

  it('parses on, off, a bare "digest reminders" and "digest reminder", and refuses anything else', () => {
    const clock = { now: new Date(), tz: HCM };
    expect(parseCommand('digest reminders on', clock)).toEqual({ kind: 'digest-reminders', on: true });
    expect(parseCommand('Digest  Reminders OFF', clock)).toEqual({ kind: 'digest-reminders', on: false });
    expect(parseCommand('digest reminder on.', clock)).toEqual({ kind: 'digest-reminders', on: true });
    expect(parseCommand('digest reminders', clock)).toEqual({ kind: 'digest-reminders', on: null });
    expect(parseCommand('digest reminders maybe', clock)).toMatchObject({ kind: 'invalid', intent: 'digest' });
    expect(parseCommand('digest remind me', clock)).toBeNull();
  });

  it('turns them on for a channel with a digest, keeps the digest as it was, and says when they come', async () => {
    await run('digest on thursday 08:00');
    const before = store.snapshot().subscriptions[0];
    const a = (await run('digest reminders on'))!;
    expect(a).toMatchObject({ answered: true, intent: 'digest', lang: 'en' });
    expect(said(a)).toBe(
      'Due-day reminders on: on the day a deadline of this channel is due, integ posts a reminder here at 08:00 (Asia/Ho_Chi_Minh). Type `digest reminders off` to stop them.',
    );
    expect(store.snapshot().subscriptions).toEqual([{ ...before, reminders: true }]);
    expect(said((await run('digest reminders on'))!)).toMatch(/^Due-day reminders were already on: /);
  });

  it('turns them off and leaves the digest on', async () => {
    await run('digest on');
    await run('digest reminders on');
    const a = (await run('digest reminders off'))!;
    expect(said(a)).toBe('Due-day reminders off for this channel; the weekly digest stays on.');
    expect(store.snapshot().subscriptions).toHaveLength(1);
    expect(store.snapshot().subscriptions[0].reminders).toBeUndefined();
    expect(said((await run('digest reminders off'))!)).toBe('Due-day reminders were already off in this channel.');
  });

  it('asks, politely, to turn the digest on first when the channel has none, and stores nothing', async () => {
    const a = (await run('digest reminders on'))!;
    expect(a).toMatchObject({ answered: false, intent: 'digest', lang: 'en' });
    expect(said(a)).toBe(
      'Due-day reminders come with the weekly deadline digest, which is off in this channel: turn it on first with `digest on`, then type `digest reminders on`.',
    );
    expect(store.snapshot().subscriptions).toEqual([]);
    expect(said((await run('digest reminders off'))!)).toBe('Due-day reminders were already off in this channel.');
    const bare = (await run('digest reminders'))!;
    expect(said(bare)).toBe('The weekly deadline digest is off in this channel.');
    expect(bare.notes.map((n) => shown(n))).toEqual([said(a)]);
  });

  it('replies in Vietnamese when the digest is Vietnamese or Vietnamese was chosen', async () => {
    const none = (await run('digest reminders on', { lang: 'vi' }))!;
    expect(said(none)).toBe(
      'Nhắc hạn trong ngày đi kèm bản tin hạn chót hằng tuần, mà bản tin đang tắt ở kênh này: vui lòng bật bản tin trước bằng `digest on`, rồi gõ `digest reminders on`.',
    );
    await run('digest on thứ hai 09:00');
    const on = (await run('digest reminders on'))!; // no Vietnamese word: the digest's language
    expect(on.lang).toBe('vi');
    expect(said(on)).toBe(
      'Đã bật nhắc hạn trong ngày: vào ngày một hạn chót của kênh này đến hạn, integ sẽ đăng lời nhắc ở đây lúc 09:00 (Asia/Ho_Chi_Minh). Gõ `digest reminders off` để tắt.',
    );
    expect(said((await run('digest reminders'))!)).toBe('Nhắc hạn trong ngày: đang bật, lúc 09:00 (Asia/Ho_Chi_Minh) vào ngày đến hạn của mỗi hạn chót.');
    expect(said((await run('digest reminders off'))!)).toBe('Đã tắt nhắc hạn trong ngày ở kênh này; bản tin hằng tuần vẫn bật.');
    const bad = (await run('digest reminders bật'))!;
    expect(bad).toMatchObject({ answered: false, lang: 'vi' });
    expect(said(bad)).toBe('Tôi chưa hiểu “bật” sau `digest reminders`: vui lòng gõ `digest reminders on` (bật) hoặc `digest reminders off` (tắt).');
  });

  it('refuses, in English, a word it does not know after digest reminders', async () => {
    const a = (await run('digest reminders maybe'))!;
    expect(a).toMatchObject({ answered: false, lang: 'en' });
    expect(said(a)).toBe('I don\'t understand "maybe" after `digest reminders`: type `digest reminders on` or `digest reminders off`.');
  });

  it('shows the state in digest status, and keeps them, at the new time, when the digest time changes', async () => {
    await run('digest on monday 09:00');
    await run('digest reminders on');
    const status = (await run('digest'))!;
    expect(status.points.map((p) => shown(p.text))).toContain('Due-day reminders: on, at 09:00 (Asia/Ho_Chi_Minh) on the day each deadline is due.');
    const moved = (await run('digest on friday 16:30'))!;
    expect(store.snapshot().subscriptions[0]).toMatchObject({ weekday: 5, time: '16:30', reminders: true });
    expect(moved.points.map((p) => shown(p.text))).toContain('Due-day reminders: on, at 16:30 (Asia/Ho_Chi_Minh) on the day each deadline is due.');
  });

  it('does not count a reminder as the last digest sent in digest status', async () => {
    await run('digest on thursday 08:00');
    await store.claimDelivery('C1', 'reminder:d1:2026-11-20', '2026-11-20T01:00:00.000Z');
    await store.finishDelivery('C1', 'reminder:d1:2026-11-20', { status: 'delivered', at: '2026-11-20T01:00:02.000Z', ts: '1.2' });
    const status = (await run('digest'))!;
    expect(status.points.map((p) => shown(p.text)).join('\n')).not.toContain('Last sent');
  });

  it('says nothing was changed when the store does not take the change', async () => {
    await run('digest on');
    const before = store.snapshot().subscriptions;
    vi.spyOn(store, 'putSubscription').mockRejectedValueOnce(new Error('disk full'));
    const a = (await run('digest reminders on'))!;
    expect(a.answered).toBe(false);
    expect(said(a)).toMatch(/^Couldn't save the change: .* Nothing was changed/);
    expect(store.snapshot().subscriptions).toEqual(before);
  });
});
