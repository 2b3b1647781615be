import { getISOWeek, getISOWeekYear } from 'date-fns';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_LEASE_MS,
  addWeeksToKey,
  dueDelivery,
  isDue,
  isoWeekOf,
  nextDelivery,
  slotForWeek,
  weekKey,
  weekKeyAt,
  type ScheduleSub,
} from '../../src/digest/schedule.js';
import { CATCH_UP_MS } from '../../src/digest/schedule.js';
import type { LedgerEntry } from '../../src/store/types.js';

const HCM = 'Asia/Ho_Chi_Minh';
const BERLIN = 'Europe/Berlin';
const sub = (over: Partial<ScheduleSub> = {}): ScheduleSub => ({
  channel: 'C1',
  weekday: 1,
  time: '09:00',
  tz: HCM,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const at = (iso: string) => new Date(iso);
const entry = (week: string, status: LedgerEntry['status'], claimedAt = '2026-11-23T02:00:00.000Z'): LedgerEntry => ({
  channel: 'C1',
  week,
  status,
  claimedAt,
  finishedAt: null,
  ts: null,
  error: null,
  attempts: 1,
});

/**
 * Simulates a runner checking every `stepMin` minutes between from and to (skipping instants for
 * which `up` is false), recording each delivery in a ledger. Returns the delivery instants by week.
 */
function simulate(s: ScheduleSub, from: string, to: string, stepMin: number, up: (t: Date) => boolean = () => true) {
  const ledger: LedgerEntry[] = [];
  const deliveries = new Map<string, Date[]>();
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepMin * 60_000) {
    const now = new Date(t);
    if (!up(now)) continue;
    const d = dueDelivery(s, now, ledger);
    if (d) {
      ledger.push({ ...entry(d.week, 'delivered', now.toISOString()), channel: s.channel });
      deliveries.set(d.week, [...(deliveries.get(d.week) ?? []), now]);
    }
  }
  return deliveries;
}

describe('week keys', () => {
  it('uses the ISO week of the local date in the subscription zone', () => {
    // Sunday 23:30 in Ho Chi Minh City is still week 47; 00:30 Monday is week 48
    expect(weekKey(sub(), at('2026-11-22T16:30:00Z'))).toBe('2026-W47');
    expect(weekKey(sub(), at('2026-11-22T17:30:00Z'))).toBe('2026-W48');
    // the same instant is still Sunday in Berlin
    expect(weekKey(sub({ tz: BERLIN }), at('2026-11-22T17:30:00Z'))).toBe('2026-W47');
  });

  it('uses the ISO week-numbering year across new year', () => {
    expect(weekKeyAt(at('2027-01-01T05:00:00Z'), HCM)).toBe('2026-W53');
    expect(weekKeyAt(at('2025-12-29T05:00:00Z'), HCM)).toBe('2026-W01');
    expect(addWeeksToKey('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeksToKey('2027-W01', -1)).toBe('2026-W53');
  });

  it('agrees with date-fns getISOWeek / getISOWeekYear', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        const d = new Date(t);
        const local = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
        expect(isoWeekOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toEqual({ year: getISOWeekYear(local), week: getISOWeek(local) });
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the slot of a week inside that week', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(HCM, BERLIN, 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'America/St_Johns', 'UTC'),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 2024, max: 2030 }),
        fc.integer({ min: 1, max: 52 }),
        (tz, weekday, h, m, year, w) => {
          const week = `${year}-W${String(w).padStart(2, '0')}`;
          const s = sub({ tz, weekday, time: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` });
          const slot = slotForWeek(s, week);
          expect(weekKey(s, slot)).toBe(week);
          const local = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'long' }).format(slot);
          expect(local).toBe(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][weekday - 1]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('slots and due', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(at('2026-11-23T02:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('places the slot at the local weekday and time', () => {
    expect(slotForWeek(sub(), '2026-W48').toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(slotForWeek(sub({ weekday: 5, time: '16:30', tz: BERLIN }), '2026-W48').toISOString()).toBe('2026-11-27T15:30:00.000Z');
  });

  it('is not due a millisecond before the slot and is due at the slot', () => {
    expect(isDue(sub(), at('2026-11-23T01:59:59.999Z'), [])).toBe(false);
    expect(isDue(sub(), new Date(), [])).toBe(true);
    expect(dueDelivery(sub(), new Date(), [])).toEqual({ week: '2026-W48', slot: at('2026-11-23T02:00:00Z') });
  });

  it('is not due once the week is delivered or failed, so a second run posts nothing', () => {
    expect(isDue(sub(), new Date(), [entry('2026-W48', 'delivered')])).toBe(false);
    expect(isDue(sub(), new Date(), [entry('2026-W48', 'failed')])).toBe(false);
    // another week's or another channel's entry does not count
    expect(isDue(sub(), new Date(), [entry('2026-W47', 'delivered'), { ...entry('2026-W48', 'delivered'), channel: 'C2' }])).toBe(true);
  });

  it('is due again after a release, and after a claim older than the lease, but not during it', () => {
    expect(isDue(sub(), new Date(), [entry('2026-W48', 'released')])).toBe(true);
    const claimed = [entry('2026-W48', 'claimed', '2026-11-23T02:00:00.000Z')];
    expect(isDue(sub(), at('2026-11-23T02:09:59Z'), claimed)).toBe(false);
    expect(isDue(sub(), new Date(Date.parse('2026-11-23T02:00:00Z') + DEFAULT_LEASE_MS), claimed)).toBe(false);
    expect(isDue(sub(), new Date(Date.parse('2026-11-23T02:00:00Z') + DEFAULT_LEASE_MS + 1), claimed)).toBe(true);
    expect(isDue(sub(), at('2026-11-23T02:01:00Z'), claimed, { leaseMs: 30_000 })).toBe(true);
  });

  it('accepts the ledger as a lookup function', () => {
    expect(isDue(sub(), new Date(), () => entry('2026-W48', 'delivered'))).toBe(false);
    expect(isDue(sub(), new Date(), () => null)).toBe(true);
  });

  it('delivers once when back later in the same week after being down at the slot', () => {
    // down from Sunday to Wednesday noon local time
    const up = (t: Date) => t.getTime() >= Date.parse('2026-11-25T05:00:00Z');
    const d = simulate(sub(), '2026-11-22T00:00:00Z', '2026-11-29T16:00:00Z', 1, up);
    expect([...d.keys()]).toEqual(['2026-W48']);
    expect(d.get('2026-W48')!.map((x) => x.toISOString())).toEqual(['2026-11-25T05:00:00.000Z']);
  });

  it('does not replay missed weeks after a long outage: the next delivery is the current week slot', () => {
    // Slots W48, W49, W50 missed (down 23 Nov – 13 Dec), back Monday 14 Dec before the slot
    expect(isDue(sub(), at('2026-12-14T01:00:00Z'), [])).toBe(false);
    expect(dueDelivery(sub(), at('2026-12-14T02:00:00Z'), [])!.week).toBe('2026-W51');
    const up = (t: Date) => t.getTime() >= Date.parse('2026-12-14T01:00:00Z') || t.getTime() < Date.parse('2026-11-23T00:00:00Z');
    const d = simulate(sub(), '2026-11-16T00:00:00Z', '2026-12-20T00:00:00Z', 10, up);
    expect([...d.keys()]).toEqual(['2026-W47', '2026-W51']);
    expect([...d.values()].every((v) => v.length === 1)).toBe(true);
  });

  it('misses the week (no catch-up in the next week) when down from the slot to the end of the week', () => {
    const up = (t: Date) => !(t.getTime() >= Date.parse('2026-11-23T01:00:00Z') && t.getTime() < Date.parse('2026-11-29T17:30:00Z'));
    const d = simulate(sub(), '2026-11-22T17:00:00Z', '2026-12-06T00:00:00Z', 5, up);
    expect([...d.keys()]).toEqual(['2026-W49']);
    expect(d.get('2026-W49')![0].toISOString()).toBe('2026-11-30T02:00:00.000Z');
  });

  it('makes a subscription created after this week slot due next week, not immediately', () => {
    const s = sub({ createdAt: '2026-11-23T05:00:00.000Z' });
    expect(isDue(s, at('2026-11-23T05:00:00Z'), [])).toBe(false);
    expect(isDue(s, at('2026-11-29T16:59:00Z'), [])).toBe(false);
    expect(isDue(s, at('2026-11-30T02:00:00Z'), [])).toBe(true);
    expect(nextDelivery(s, at('2026-11-23T05:00:00Z')).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    // created exactly at the slot counts as after it
    expect(isDue(sub({ createdAt: '2026-11-23T02:00:00.000Z' }), at('2026-11-23T02:00:00Z'), [])).toBe(false);
  });

  it('makes a subscription created before this week slot due at the slot', () => {
    const s = sub({ createdAt: '2026-11-23T01:00:00.000Z' });
    expect(nextDelivery(s, at('2026-11-23T01:00:00Z')).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(isDue(s, at('2026-11-23T02:00:00Z'), [])).toBe(true);
  });

  it('gives the next delivery strictly after now', () => {
    expect(nextDelivery(sub(), at('2026-11-23T01:59:00Z')).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(nextDelivery(sub(), at('2026-11-23T02:00:00Z')).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(nextDelivery(sub({ weekday: 7, time: '23:59' }), at('2026-12-27T00:00:00Z')).toISOString()).toBe('2026-12-27T16:59:00.000Z');
  });
});

describe('late checks and outages', () => {
  it('delivers a slot late on Sunday when the checks come every 15 minutes (a cron job), once a week', () => {
    const s = sub({ tz: BERLIN, weekday: 7, time: '23:59', createdAt: '2026-11-02T00:00:00.000Z' });
    const d = simulate(s, '2026-11-02T00:00:00Z', '2026-11-30T00:00:00Z', 15);
    expect([...d.keys()]).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    for (const [week, list] of d) {
      expect(list).toHaveLength(1);
      expect(list[0].getTime() - slotForWeek(s, week).getTime()).toBeLessThan(15 * 60_000);
    }
  });

  it("delivers after a restart the day after the slot, and never last week's digest after an outage of six days or more", () => {
    const s = sub({ tz: HCM, weekday: 1, time: '09:00', createdAt: '2026-11-01T00:00:00.000Z' });
    // Monday 23 Nov 09:00 in Hanoi is 02:00Z; back on Tuesday → delivered then
    expect(dueDelivery(s, at('2026-11-24T03:00:00Z'), [])?.week).toBe('2026-W48');
    // back on Sunday 29 Nov, 6 days 22 h after the slot → too late for that week; next Monday's is due at its slot
    expect(dueDelivery(s, at('2026-11-30T00:00:00Z'), [])).toBeNull();
    expect(dueDelivery(s, at('2026-11-30T02:00:00Z'), [])?.week).toBe('2026-W49');
  });
});

describe('daylight saving time (Europe/Berlin)', () => {
  const STEP_MIN = 5;
  const weeks = (from: string, to: string, s: ScheduleSub) => simulate(s, from, to, STEP_MIN);

  for (const [label, from, to] of [
    ['spring forward (29 Mar 2026)', '2026-03-23T00:00:00Z', '2026-04-06T00:00:00Z'],
    ['fall back (25 Oct 2026)', '2026-10-19T00:00:00Z', '2026-11-02T00:00:00Z'],
  ] as const) {
    for (const [weekday, time] of [
      [1, '09:00'],
      [7, '02:30'],
      [7, '02:00'],
      [7, '03:00'],
      [6, '23:30'],
      [7, '23:55'],
    ] as const) {
      it(`delivers exactly one digest a week around the ${label} for weekday ${weekday} at ${time}`, () => {
        const s = sub({ tz: BERLIN, weekday, time, createdAt: from });
        const d = weeks(from, to, s);
        expect(d.size).toBe(2); // the week of the change and the week after
        for (const [week, list] of d) {
          expect(list.length).toBe(1);
          const slot = slotForWeek(s, week).getTime();
          expect(list[0].getTime()).toBeGreaterThanOrEqual(slot);
          expect(list[0].getTime()).toBeLessThan(slot + STEP_MIN * 60_000);
        }
      });
    }
  }

  it('moves a non-existent local time forward by the gap (02:30 on spring-forward day → 03:30 CEST)', () => {
    expect(slotForWeek(sub({ tz: BERLIN, weekday: 7, time: '02:30' }), '2026-W13').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(slotForWeek(sub({ tz: BERLIN, weekday: 7, time: '02:30' }), '2026-W12').toISOString()).toBe('2026-03-22T01:30:00.000Z');
  });

  it('uses one of the two instants of a repeated local time (02:30 on fall-back day)', () => {
    const slot = slotForWeek(sub({ tz: BERLIN, weekday: 7, time: '02:30' }), '2026-W43').toISOString();
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(slot);
  });

  it('follows the local time across the change (Monday 09:00 is 08:00Z in winter, 07:00Z in summer)', () => {
    const s = sub({ tz: BERLIN });
    expect(nextDelivery(s, at('2026-03-24T00:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextDelivery(s, at('2026-03-17T00:00:00Z')).toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(nextDelivery(s, at('2026-10-20T00:00:00Z')).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('never delivers twice in a week for random zones, slots, outages and check intervals', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(BERLIN, 'America/New_York', HCM, 'Australia/Lord_Howe', 'America/Santiago'),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 59),
        fc.integer({ min: 0, max: 364 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 21 * 24 }), fc.integer({ min: 1, max: 72 })), { maxLength: 4 }),
        fc.constantFrom(11, 29, 60),
        (tz, weekday, h, m, startDay, outages, step) => {
          const start = Date.UTC(2026, 0, 1) + startDay * 86_400_000;
          const s = sub({ tz, weekday, time: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, createdAt: new Date(start).toISOString() });
          const up = (t: Date) => !outages.some(([o, len]) => t.getTime() >= start + o * 3_600_000 && t.getTime() < start + (o + len) * 3_600_000);
          const d = simulate(s, new Date(start).toISOString(), new Date(start + 21 * 86_400_000).toISOString(), step, up);
          for (const [week, list] of d) {
            expect(list.length).toBe(1);
            const slot = slotForWeek(s, week).getTime();
            expect(list[0].getTime()).toBeGreaterThanOrEqual(slot);
            expect(list[0].getTime() - slot).toBeLessThan(CATCH_UP_MS); // late only within the catch-up window
          }
          // with no outage, every slot that a check can still reach before the end is delivered
          if (outages.length === 0) {
            const end = start + Math.floor((21 * 86_400_000) / (step * 60_000)) * step * 60_000; // the last check
            let expected = 0;
            for (let slot = nextDelivery(s, new Date(start)); slot.getTime() <= end; slot = nextDelivery(s, slot)) expected++;
            expect(d.size).toBe(expected);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
