/**
 * Deadlines: the sources' (facts with `due`, each with its citation) and a channel's own, merged
 * into one dated list relative to "today" in a time zone, and the Answers that show them.
 *
 * Precision rule: an item is "due" through the last day of its period and "past" only after it.
 *   day   "2026-12-15" → due through 15 Dec 2026
 *   month "2025-09"    → due through 30 Sep 2025 (the whole month counts; past from 1 Oct)
 *   year  "2027"       → due through 31 Dec 2027
 * daysLeft counts calendar days from today to that last day (0 = today is the last day,
 * negative = past). Past source deadlines are only ever "passed": the sources don't say whether
 * they were met, and nothing here claims it.
 */
import { Citations, sourceDetails } from '../answer/compose.js';
import { verbatim } from '../answer/messages.js';
import type { Lang } from '../answer/types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-08-26" → "26 Aug 2025"; "2025-09" → "Sep 2025"; "2027" → "2027". */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  if (!m) return y;
  if (!d) return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}
import type { Answer, Point } from '../answer/types.js';
import { emptySlots } from '../answer/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { TeamDeadline } from '../store/types.js';
import { DAY_MS, localDate, pad2 } from './schedule.js';

export type Precision = 'year' | 'month' | 'day';
export type DeadlineStatus = 'upcoming' | 'past';

interface ItemBase {
  /** Fact id (source) or team deadline id ("d3"). */
  id: string;
  title: string;
  due: { date: string; precision: Precision };
  /** "15 Dec 2026", "September 2025", "2027". */
  dueLabel: string;
  /** The last day it is due, YYYY-MM-DD. */
  lastDay: string;
  /** Calendar days from today to lastDay; negative when past. */
  daysLeft: number;
  status: DeadlineStatus;
}

/** One source backing a source deadline, with the passage that states it. */
export interface SourceRef {
  factId: string;
  id: string;
  title: string;
  publisher: string | null;
  published: string | null;
  url: string | null;
  quote: string;
}

/**
 * A deadline from the sources. Facts about the same thing (same `subject`) with the same due date
 * are one item citing every source that states it.
 */
export interface SourceDeadlineItem extends ItemBase {
  kind: 'source';
  statement: string;
  sources: SourceRef[];
}

export interface TeamDeadlineItem extends ItemBase {
  kind: 'team';
  channel: string;
  /** Slack user id. */
  addedBy: string;
  /** ISO instant. */
  addedAt: string;
}

export type DeadlineItem = SourceDeadlineItem | TeamDeadlineItem;

/** What is needed of the knowledge base. */
export type DeadlineKnowledge = Pick<KnowledgeBase, 'facts' | 'sourceById'>;

export interface DeadlineInput {
  kb?: DeadlineKnowledge | null;
  /** The channel's own deadlines (done ones are left out). */
  teamDeadlines?: TeamDeadline[];
  /** IANA time zone that decides "today". */
  tz: string;
}

const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];


/** Today's date (YYYY-MM-DD) in `tz`. */
export function todayIn(now: Date, tz: string): string {
  const d = localDate(now, tz);
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

/**
 * Calendar arithmetic on ISO dates is plain UTC arithmetic (no zone has a say once "today" is
 * known): ~30x cheaper than date-fns on TZDate, and checked against date-fns'
 * differenceInCalendarDays and lastDayOfMonth in tests/digest/deadlines.test.ts.
 */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}


/** The due date at its own precision: "15 Dec 2026", "September 2025", "2027". */
export function formatDue(due: { date: string; precision: Precision }): string {
  const [y, m] = due.date.split('-').map(Number);
  if (due.precision === 'year') return String(y);
  if (due.precision === 'month') return `${MONTHS_LONG[m - 1]} ${y}`;
  return formatDay(due.date);
}

/** The last day the item is due (see the precision rule above). */
export function lastDueDay(due: { date: string; precision: Precision }): string {
  const [y, m] = due.date.split('-').map(Number);
  if (due.precision === 'year') return `${y}-12-31`;
  if (due.precision === 'month') return `${y}-${pad2(m)}-${pad2(new Date(Date.UTC(y, m, 0)).getUTCDate())}`; // day 0 of the next month
  return due.date;
}

function dated<T extends object>(base: T & { due: { date: string; precision: Precision } }, today: string) {
  const lastDay = lastDueDay(base.due);
  const daysLeft = daysBetween(today, lastDay);
  return { ...base, dueLabel: formatDue(base.due), lastDay, daysLeft, status: (daysLeft < 0 ? 'past' : 'upcoming') as DeadlineStatus };
}

const precisionOrder: Record<Precision, number> = { day: 0, month: 1, year: 2 };

/** Soonest last day first; at the same last day, the more precise first; then by title and id. */
function byLastDay(a: DeadlineItem, b: DeadlineItem): number {
  return (
    a.lastDay.localeCompare(b.lastDay) ||
    precisionOrder[a.due.precision] - precisionOrder[b.due.precision] ||
    a.title.localeCompare(b.title) ||
    a.id.localeCompare(b.id)
  );
}

/** The sources' deadlines as of today, sorted; facts about one subject due on one date are one item. */
function sourceDeadlines(kb: DeadlineKnowledge, today: string): SourceDeadlineItem[] {
  const items: SourceDeadlineItem[] = [];
  const bySubject = new Map<string, SourceDeadlineItem>();
  for (const f of kb.facts) {
    if (!f.due) continue;
    const { source: id, ...details } = sourceDetails(kb.sourceById, f.source);
    const ref: SourceRef = { factId: f.id, id, ...details, quote: f.quote };
    const key = `${f.subject}\u0000${f.due.precision}\u0000${f.due.date}`;
    const same = bySubject.get(key);
    if (same) {
      same.sources.push(ref);
      continue;
    }
    const item = dated(
      {
        kind: 'source' as const,
        id: f.id,
        title: f.label ?? f.statement,
        due: { date: f.due.date, precision: f.due.precision },
        statement: f.statement,
        sources: [ref],
      },
      today,
    );
    bySubject.set(key, item);
    items.push(item);
  }
  return items.sort(byLastDay);
}

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a team deadline's
 * title one would reverse the rest of its line in a list or digest, so titles never carry them
 * (stripped when added, and from titles saved before that rule).
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Every deadline (sources' and the team's open ones), soonest last day first. */
export function listDeadlines(now: Date, input: DeadlineInput): DeadlineItem[] {
  const today = todayIn(now, input.tz);
  const sources = Array.isArray(input.kb?.facts) ? sourceDeadlines(input.kb!, today) : [];
  const team: DeadlineItem[] = [];
  for (const d of input.teamDeadlines ?? []) {
    if (d.done) continue;
    team.push(
      dated(
        {
          kind: 'team' as const,
          id: d.id,
          title: d.title.replace(BIDI_CONTROLS, ''),
          due: { date: d.due, precision: 'day' as const },
          channel: d.channel,
          addedBy: d.createdBy,
          addedAt: d.createdAt,
        },
        today,
      ),
    );
  }
  // the source list is already sorted: the sort merges the (few) team deadlines into it (two runs)
  return [...sources, ...team].sort(byLastDay);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "in 5 days", "today", "passed 3 days ago", "12 days left (to 30 Sep 2025)". */
export function whenText(item: DeadlineItem): string {
  const n = item.daysLeft;
  if (item.due.precision === 'day') {
    if (n === 0) return 'due today';
    if (n === 1) return 'due tomorrow';
    if (n > 1) return `in ${n} days`;
    if (n === -1) return 'passed yesterday';
    return `passed ${-n} days ago`;
  }
  const period = item.due.precision === 'month' ? 'the month' : 'the year';
  if (n === 0) return `last day of ${period} is today`;
  if (n > 0) return `${plural(n, 'day')} left (to ${formatDay(item.lastDay)})`;
  return `passed: ${period} ended ${n === -1 ? 'yesterday' : `${-n} days ago`}`;
}

export interface DeadlineAnswerOptions extends DeadlineInput {
  /** The text the user typed (shown above the answer). */
  question?: string;
  /** The language of the answer (default English). */
  lang?: Lang;
  intent?: string;
  /** Upcoming window in days (default 90). */
  windowDays?: number;
  /** Show items that passed within this many days (default 7). */
  pastDays?: number;
  /** Later items shown after the window (default 3). */
  laterCount?: number;
  /** Headline when something is due; gets the count and window. */
  title?: (count: number, windowDays: number) => string;
}

/** How many of the items fall in each group of an answer. */
export interface DeadlineGroups {
  soon: DeadlineItem[];
  later: DeadlineItem[];
  passed: DeadlineItem[];
}

export function groupDeadlines(items: DeadlineItem[], windowDays: number, pastDays: number, laterCount: number): DeadlineGroups {
  return {
    soon: items.filter((i) => i.daysLeft >= 0 && i.daysLeft <= windowDays),
    later: items.filter((i) => i.daysLeft > windowDays).slice(0, laterCount),
    passed: items.filter((i) => i.daysLeft < 0 && i.daysLeft >= -pastDays),
  };
}

/** Builds the Answer for a set of items (used by deadlinesAnswer and the digest). */
export function buildDeadlineAnswer(items: DeadlineItem[], opts: DeadlineAnswerOptions & { tz: string }): Answer {
  const windowDays = opts.windowDays ?? 90;
  const pastDays = opts.pastDays ?? 7;
  const laterCount = opts.laterCount ?? 3;
  const g = groupDeadlines(items, windowDays, pastDays, laterCount);

  // one citation per source, as in every other answer; its quote gathers the passages cited
  const cites = new Citations();
  const citeFor = (ref: SourceRef): number =>
    cites.citeSource({ source: ref.id, title: ref.title, publisher: ref.publisher, published: ref.published, url: ref.url }, ref.quote);

  const point = (item: DeadlineItem, prefix = ''): Point => {
    const parts = [`${prefix}${item.title} — ${item.dueLabel}`, whenText(item)];
    if (item.kind === 'team') {
      parts.push(`added by ${item.addedBy} on ${formatDay(todayIn(new Date(item.addedAt), opts.tz))}`, `id ${item.id}`);
      return { text: verbatim(parts.join(' · ')), cites: [] };
    }
    return { text: verbatim(parts.join(' · ')), cites: item.sources.map(citeFor) };
  };

  const points: Point[] = [
    ...g.soon.map((i) => point(i)),
    ...g.later.map((i) => point(i, 'Later: ')),
    ...g.passed.map((i) => point(i, 'Passed: ')),
  ];

  let headline: string;
  const next = g.later[0];
  if (g.soon.length) {
    headline = opts.title
      ? opts.title(g.soon.length, windowDays)
      : `${plural(g.soon.length, 'deadline')} in the next ${windowDays} days.`;
  } else if (next) {
    headline = `Nothing due in the next ${windowDays} days; the next deadline is ${next.title} (${next.dueLabel}).`;
  } else {
    headline = `No upcoming deadlines.`;
  }

  const notes: string[] = [];
  const shown = [...g.soon, ...g.later, ...g.passed];
  if (shown.some((i) => i.due.precision !== 'day')) {
    notes.push('A deadline given as a month or a year counts as due until the last day of that month or year.');
  }
  if (g.passed.some((i) => i.kind === 'source')) {
    notes.push('Passed deadlines are shown by date only; the sources do not say whether they were met.');
  }
  if (opts.kb === undefined || opts.kb === null) notes.push("The sources' deadlines are not loaded; showing this channel's own only.");

  return {
    question: opts.question ?? 'deadlines',
    answered: true,
    lang: opts.lang ?? 'en',
    intent: opts.intent ?? 'deadlines',
    headline: verbatim(headline),
    points,
    citations: cites.all(),
    notes: notes.map(verbatim),
    suggestions: [],
    slots: emptySlots(),
  };
}

/**
 * The deadline list: due in the next 90 days (with days left), passed in the last 7 days, and the
 * next few later ones; source deadlines cite their source, a team's own say who added them.
 */
export function deadlinesAnswer(now: Date, opts: DeadlineAnswerOptions): Answer {
  return buildDeadlineAnswer(listDeadlines(now, opts), opts);
}
