/**
 * When a channel's weekly digest is due. Pure time logic, no I/O: @date-fns/tz converts between
 * instants and local dates/times; ISO weeks are plain calendar arithmetic on the local date, so no
 * time zone is involved (checked against date-fns' getISOWeek in tests/digest/schedule.test.ts).
 *
 * Rules:
 * - A subscription has one slot a week: its weekday at its local time in its time zone. The week
 *   is the ISO week of the slot's local date ("2026-W47"), which is also the ISO week of any local
 *   date in that week, so the week key of an instant is the ISO week of its local date.
 * - A subscription is due when now ≥ this week's slot and the ledger has no delivery for that
 *   (channel, week) — or only a released one (a retry), or a claim older than the lease (a runner
 *   that crashed or hung mid-post).
 * - Only the current week is ever considered: after downtime the digest is delivered once when the
 *   app is back within the same week; missed earlier weeks are never replayed (no flood).
 * - A subscription created at or after this week's slot is first due next week (subscribing
 *   never posts immediately).
 * - Time zones with DST: slots are built from the local calendar date and time, so the week the
 *   clocks change still has exactly one slot. A local time that does not exist (02:30 on the
 *   spring-forward day in Europe/Berlin) is moved forward by the gap (03:30 CEST); a time that
 *   occurs twice (02:30 on the fall-back day) is the later occurrence, as @date-fns/tz resolves it.
 *   Either way there is one instant per week.
 */
import { TZDate } from '@date-fns/tz';
import type { LedgerEntry, Subscription } from '../store/types.js';

/** What the schedule needs of a subscription. */
export type ScheduleSub = Pick<Subscription, 'channel' | 'weekday' | 'time' | 'tz' | 'createdAt'>;

/** A claim older than this is presumed dead (its runner crashed or hung): 10 minutes. */
export const DEFAULT_LEASE_MS = 10 * 60 * 1000;

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Two digits: 7 → "07". */
export const pad2 = (n: number) => String(n).padStart(2, '0');

export const DAY_MS = 86_400_000;

/** ISO week-numbering year and week of a calendar date (pure calendar arithmetic, UTC-based). */
export function isoWeekOf(year: number, month: number, day: number): { year: number; week: number } {
  const date = Date.UTC(year, month - 1, day);
  const dow = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = date + (3 - dow) * DAY_MS; // the week belongs to the year of its Thursday
  const isoYear = new Date(thursday).getUTCFullYear();
  return { year: isoYear, week: 1 + Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) };
}

/** The local calendar date of an instant in `tz`. */
export function localDate(now: Date, tz: string): { year: number; month: number; day: number } {
  const local = new TZDate(now.getTime(), tz);
  return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate() };
}

/** "2026-W47" for an instant, in the time zone `tz`. */
export function weekKeyAt(now: Date, tz: string): string {
  const d = localDate(now, tz);
  const w = isoWeekOf(d.year, d.month, d.day);
  return `${w.year}-W${pad2(w.week)}`;
}

/** The week key of an instant for a subscription (the ISO week of the local date in sub.tz). */
export function weekKey(sub: Pick<Subscription, 'tz'>, now: Date): string {
  return weekKeyAt(now, sub.tz);
}

/** The calendar date (UTC midnight) of ISO weekday 1–7 of a week. */
function dayOfWeek(week: string, isoWeekday: number): Date {
  const m = WEEK_KEY.exec(week);
  if (!m) throw new RangeError(`not a week key: ${week} (expected e.g. 2026-W47)`);
  // 4 January is always in ISO week 1 of its year
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday1 + ((Number(m[2]) - 1) * 7 + (isoWeekday - 1)) * DAY_MS);
}

/** The key of the week `n` weeks after `week` (n may be negative). */
export function addWeeksToKey(week: string, n: number): string {
  const d = dayOfWeek(week, 1);
  const w = isoWeekOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate() + 7 * n);
  return `${w.year}-W${pad2(w.week)}`;
}

/** The slot instant of a subscription in the given week. */
export function slotForWeek(sub: Pick<Subscription, 'weekday' | 'time' | 'tz'>, week: string): Date {
  const t = TIME.exec(sub.time);
  if (!t) throw new RangeError(`not a time of day: ${sub.time} (expected HH:MM)`);
  if (!Number.isInteger(sub.weekday) || sub.weekday < 1 || sub.weekday > 7) throw new RangeError(`not an ISO weekday: ${sub.weekday}`);
  const day = dayOfWeek(week, sub.weekday);
  // Built from the local date and time: a non-existent local time is moved forward by the gap.
  const slot = new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Number(t[1]), Number(t[2]), sub.tz);
  return new Date(slot.getTime());
}

/** This week's slot for a subscription (the week of `now` in sub.tz). */
export function currentSlot(sub: Pick<Subscription, 'weekday' | 'time' | 'tz'>, now: Date): { week: string; slot: Date } {
  const week = weekKeyAt(now, sub.tz);
  return { week, slot: slotForWeek(sub, week) };
}

/**
 * The next slot at which the subscription will be delivered, strictly after `now` (and after its
 * creation). When the current week's slot has passed, that is next week's.
 */
export function nextDelivery(sub: ScheduleSub, now: Date): Date {
  const created = Date.parse(sub.createdAt);
  let week = weekKeyAt(now, sub.tz);
  for (let i = 0; i < 60; i++) {
    const slot = slotForWeek(sub, week);
    if (slot.getTime() > now.getTime() && !(slot.getTime() <= created)) return slot;
    week = addWeeksToKey(week, 1);
  }
  throw new RangeError(`no delivery slot found within a year for ${sub.channel}`);
}

export type LedgerLookup = LedgerEntry[] | ((channel: string, week: string) => LedgerEntry | null | undefined);

export interface DueOptions {
  /** A claim older than this (ms) counts as abandoned and is due again. Default DEFAULT_LEASE_MS. */
  leaseMs?: number;
  /** latestSlot(sub, now), when the caller has it already (many subscriptions share one schedule). */
  latest?: { week: string; slot: Date };
}

/** Whether a ledger entry (or its absence) leaves the week due. */
export function entryLeavesDue(entry: LedgerEntry | null | undefined, now: Date, leaseMs = DEFAULT_LEASE_MS): boolean {
  if (!entry) return true;
  if (entry.status === 'released') return true;
  if (entry.status === 'claimed') return Date.parse(entry.claimedAt) + leaseMs < now.getTime(); // as Store.claimDelivery's staleBefore
  return false; // delivered or failed: done for this week
}

/**
 * How late a digest may still go out after its slot (a check that came late, a restart): six days,
 * so a slot late on a Sunday is not lost at midnight when the calendar week turns, and a long
 * outage never sends last week's digest just before this week's.
 */
export const CATCH_UP_MS = 6 * 24 * 3_600_000;

/** The latest slot at or before `now` (this calendar week's, or last week's when this one is ahead). */
export function latestSlot(sub: Pick<Subscription, 'weekday' | 'time' | 'tz'>, now: Date): { week: string; slot: Date } {
  const current = currentSlot(sub, now);
  if (current.slot.getTime() <= now.getTime()) return current;
  const week = addWeeksToKey(current.week, -1);
  return { week, slot: slotForWeek(sub, week) };
}

/** The (week, slot) due now for this subscription, or null. */
export function dueDelivery(sub: ScheduleSub, now: Date, ledger: LedgerLookup, opts: DueOptions = {}): { week: string; slot: Date } | null {
  const { week, slot } = opts.latest ?? latestSlot(sub, now);
  if (now.getTime() - slot.getTime() >= CATCH_UP_MS) return null;
  // subscribed at or after this week's slot: first digest next week
  if (Date.parse(sub.createdAt) >= slot.getTime()) return null;
  const entry =
    typeof ledger === 'function' ? ledger(sub.channel, week) : ledger.find((e) => e.channel === sub.channel && e.week === week);
  return entryLeavesDue(entry, now, opts.leaseMs) ? { week, slot } : null;
}

/** Due when now ≥ this week's slot and nothing was delivered (or is being delivered) for that week. */
export function isDue(sub: ScheduleSub, now: Date, ledger: LedgerLookup, opts: DueOptions = {}): boolean {
  return dueDelivery(sub, now, ledger, opts) !== null;
}

/** "HH:MM" (24h) when `s` is a valid time of day written H:MM or HH:MM, else null. */
export function normaliseTime(s: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? `${pad2(h)}:${pad2(min)}` : null;
}
