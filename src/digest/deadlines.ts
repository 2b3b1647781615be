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
import type { Answer, Lang, Message, Point, Text } from '../answer/types.js';
import { emptySlots } from '../answer/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { TeamDeadline } from '../store/types.js';
import { sayDigest, type DeadlineMark, type DeadlineTitle, type DueIn, type ListGroup, type Precision } from './messages.js';
import { DAY_MS, localDate, pad2 } from './schedule.js';

export type { Precision };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-08-26" → "26 Aug 2025"; "2025-09" → "Sep 2025"; "2027" → "2027" (for `dueLabel`: answers format dates in their own language). */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  if (!m) return y;
  if (!d) return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}
export type DeadlineStatus = 'upcoming' | 'past';

/**
 * How far ahead deadline lists look: the same window for `deadlines` (Slack, the shell, the CLI,
 * App Home, general deadline questions) and the weekly digest, and named in their headings. 30
 * days: what a team plans in the coming weeks (four weekly digests ahead), short enough that the
 * list leads with what needs doing now; what lies beyond still shows as the next "Later" items.
 */
export const DEADLINE_WINDOW_DAYS = 30;
/** Deadlines passed this many days ago or fewer are still listed (sources' and teams' alike). */
export const PAST_DAYS = 7;
/** Due within this many days (today included): marked as due soon. */
export const DUE_SOON_DAYS = 7;

interface ItemBase {
  /** Fact id (source) or team deadline id ("d3"). */
  id: string;
  title: string;
  due: { date: string; precision: Precision };
  /** "15 Dec 2026", "September 2025", "2027": English, for the CLI's JSON (answers say it in their language from `due`). */
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
  /** The fact's label in Vietnamese (`title` is the English one). */
  titleVi: string;
  statement: string;
  statementVi: string;
  sources: SourceRef[];
}

export interface TeamDeadlineItem extends ItemBase {
  kind: 'team';
  channel: string;
  /** Slack user id. */
  addedBy: string;
  /** ISO instant. */
  addedAt: string;
  /** The Slack user responsible for it, when one was named. */
  owner?: string;
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
        titleVi: f.labelVi ?? f.statementVi,
        due: { date: f.due.date, precision: f.due.precision },
        statement: f.statement,
        statementVi: f.statementVi,
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
          ...(d.owner ? { owner: d.owner } : {}),
        },
        today,
      ),
    );
  }
  // the source list is already sorted: the sort merges the (few) team deadlines into it (two runs)
  return [...sources, ...team].sort(byLastDay);
}

/** How far the item is from today, as data for a message ("in 5 days", "còn 5 ngày"). */
export function dueIn(item: DeadlineItem): DueIn {
  return { precision: item.due.precision, daysLeft: item.daysLeft, lastDay: item.lastDay };
}

/** The item's title as shown: a team's as typed, a source's label in both languages. */
export function titleOf(item: DeadlineItem): DeadlineTitle {
  return item.kind === 'team' ? item.title : { en: item.title, vi: item.titleVi };
}

/**
 * What a list marks about an item: 'overdue', a team's own deadline past due and not done (done
 * ones are never listed); 'soon', due within DUE_SOON_DAYS; null, neither. A source deadline is
 * never "overdue": the sources do not say whether it was met.
 */
export function markOf(item: DeadlineItem): DeadlineMark | null {
  if (item.daysLeft < 0) return item.kind === 'team' ? 'overdue' : null;
  return item.daysLeft <= DUE_SOON_DAYS ? 'soon' : null;
}

/** An item of a list as a message; a team's own with who added it (the day in `tz`), its owner and id. */
function itemMessage(item: DeadlineItem, group: ListGroup, tz: string): Message {
  const team = item.kind === 'team' ? { addedBy: item.addedBy, addedOn: todayIn(new Date(item.addedAt), tz), id: item.id, owner: item.owner ?? null } : null;
  return sayDigest('deadlines.item', { group, title: titleOf(item), due: item.due, dueIn: dueIn(item), mark: markOf(item), team });
}

/** One team deadline as a list shows it, on its own (e.g. under "Added d3"): in Slack, with its people and its menu. */
export function teamDeadlinePoint(item: TeamDeadlineItem, tz: string): Point {
  return { text: itemMessage(item, item.daysLeft < 0 ? 'overdue' : 'soon', tz), cites: [] };
}

export interface DeadlineAnswerOptions extends DeadlineInput {
  /** The text the user typed (shown above the answer). */
  question?: string;
  /** The language of the answer (default English). */
  lang?: Lang;
  intent?: string;
  /** Upcoming window in days (default DEADLINE_WINDOW_DAYS). */
  windowDays?: number;
  /** Show items that passed within this many days (default PAST_DAYS). */
  pastDays?: number;
  /** Later items shown after the window (default 3). */
  laterCount?: number;
  /** Heading when something is due or overdue; gets the counts and the window. */
  title?: (count: number, windowDays: number, overdue: number) => Text;
}

/** How many of the items fall in each group of an answer. */
export interface DeadlineGroups {
  /** A team's own deadlines past due and not done, however long ago: someone still has to act on them. */
  overdue: DeadlineItem[];
  soon: DeadlineItem[];
  later: DeadlineItem[];
  /** Source deadlines passed within pastDays. */
  passed: DeadlineItem[];
}

export function groupDeadlines(items: DeadlineItem[], windowDays: number, pastDays: number, laterCount: number): DeadlineGroups {
  return {
    overdue: items.filter((i) => i.daysLeft < 0 && i.kind === 'team'),
    soon: items.filter((i) => i.daysLeft >= 0 && i.daysLeft <= windowDays),
    later: items.filter((i) => i.daysLeft > windowDays).slice(0, laterCount),
    passed: items.filter((i) => i.daysLeft < 0 && i.daysLeft >= -pastDays && i.kind === 'source'),
  };
}

/** Whether the groups have anything due in the window or overdue (what a heading counts). */
export function hasDueOrOverdue(g: DeadlineGroups): boolean {
  return g.soon.length + g.overdue.length > 0;
}

/** Builds the Answer for a set of items (used by deadlinesAnswer and the digest). */
export function buildDeadlineAnswer(items: DeadlineItem[], opts: DeadlineAnswerOptions & { tz: string }): Answer {
  const windowDays = opts.windowDays ?? DEADLINE_WINDOW_DAYS;
  const pastDays = opts.pastDays ?? PAST_DAYS;
  const laterCount = opts.laterCount ?? 3;
  const g = groupDeadlines(items, windowDays, pastDays, laterCount);

  // one citation per source, as in every other answer; its quote gathers the passages cited
  const cites = new Citations();
  const citeFor = (ref: SourceRef): number =>
    cites.citeSource({ source: ref.id, title: ref.title, publisher: ref.publisher, published: ref.published, url: ref.url }, ref.quote);

  const point = (item: DeadlineItem, group: ListGroup): Point => ({
    text: itemMessage(item, group, opts.tz),
    cites: item.kind === 'source' ? item.sources.map(citeFor) : [],
  });

  // what needs acting on first: the team's overdue deadlines, then the window, later, passed
  const points: Point[] = [
    ...g.overdue.map((i) => point(i, 'overdue')),
    ...g.soon.map((i) => point(i, 'soon')),
    ...g.later.map((i) => point(i, 'later')),
    ...g.passed.map((i) => point(i, 'passed')),
  ];

  let headline: Text;
  const next = g.later[0];
  if (hasDueOrOverdue(g)) {
    const overdue = g.overdue.length;
    headline = opts.title ? opts.title(g.soon.length, windowDays, overdue) : sayDigest('deadlines.count', { count: g.soon.length, windowDays, overdue });
  } else if (next) {
    headline = sayDigest('deadlines.nothingSoon', { windowDays, next: { title: titleOf(next), due: next.due } });
  } else {
    headline = sayDigest('deadlines.none');
  }

  const notes: Text[] = [];
  const shown = [...g.overdue, ...g.soon, ...g.later, ...g.passed];
  if (shown.some((i) => i.due.precision !== 'day')) notes.push(sayDigest('deadlines.periodNote'));
  if (g.passed.length) notes.push(sayDigest('deadlines.passedNote'));
  if (opts.kb === undefined || opts.kb === null) notes.push(sayDigest('deadlines.noSources'));

  return {
    question: opts.question ?? 'deadlines',
    answered: true,
    lang: opts.lang ?? 'en',
    intent: opts.intent ?? 'deadlines',
    headline,
    points,
    citations: cites.all(),
    notes,
    suggestions: [],
    slots: emptySlots(),
  };
}

/**
 * The deadline list: due in the next DEADLINE_WINDOW_DAYS (with days left), the team's overdue
 * ones, the sources' passed in the last PAST_DAYS, and the next few later ones; source deadlines
 * cite their source, a team's own say who added them and who owns them.
 */
export function deadlinesAnswer(now: Date, opts: DeadlineAnswerOptions): Answer {
  return buildDeadlineAnswer(listDeadlines(now, opts), opts);
}
