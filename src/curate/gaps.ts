/**
 * Gaps in the knowledge, for curators: the questions integ could not answer, most frequent first,
 * with where they were asked (Slack, the shell, `integ ask`), and the answers people marked
 * unhelpful (👎) with what they said was wrong. Read from the store's records.
 */
import { inertLines } from '../render/terminal.js';
import { originOf, type FeedbackEntry, type Origin, type UnansweredEntry } from '../store/types.js';

/** How many times a question was asked in each place (only the places it was asked in). */
export type OriginCounts = Partial<Record<Origin, number>>;

export interface GapRow {
  question: string;
  count: number;
  lastAt: string;
  origins: OriginCounts;
}

/** A 👎 comment ("what was wrong?"), as the person typed it. */
export interface GapComment {
  comment: string;
  at: string;
}

export interface UnhelpfulRow extends GapRow {
  intent: string;
  helpful: number;
  /** The comments left with the 👎 votes, newest first. */
  comments: GapComment[];
}

export interface GapsReport {
  unanswered: GapRow[];
  unhelpful: UnhelpfulRow[];
}

/** The order origins are listed in. */
const ORIGINS: readonly Origin[] = ['slack', 'shell', 'cli'];
/** Comments shown per question in the text report (--json has them all). */
const COMMENTS_SHOWN = 5;

const countOrigin = (counts: OriginCounts, origin: Origin) => void (counts[origin] = (counts[origin] ?? 0) + 1);

export function gapsReport(unanswered: UnansweredEntry[], feedback: FeedbackEntry[], limit = 20): GapsReport {
  const groups = new Map<string, GapRow>();
  for (const u of unanswered) {
    const key = u.normalised || u.question.toLowerCase();
    const row = groups.get(key) ?? { question: u.question, count: 0, lastAt: u.at, origins: {} };
    row.count++;
    countOrigin(row.origins, originOf(u));
    if (u.at >= row.lastAt) {
      row.lastAt = u.at;
      row.question = u.question;
    }
    groups.set(key, row);
  }
  const votes = new Map<string, UnhelpfulRow>();
  for (const f of feedback) {
    const key = `${f.intent}|${f.question.trim().toLowerCase()}`;
    const row = votes.get(key) ?? { question: f.question, intent: f.intent, count: 0, helpful: 0, lastAt: f.at, origins: {}, comments: [] };
    if (f.helpful) row.helpful++;
    else if (f.comment?.trim()) {
      // the "what was wrong?" modal records its comment after the 👎 itself: a comment, not a second vote
      row.comments.push({ comment: f.comment, at: f.at });
    } else {
      row.count++;
      countOrigin(row.origins, originOf(f));
    }
    if (f.at > row.lastAt) row.lastAt = f.at;
    votes.set(key, row);
  }
  for (const row of votes.values()) row.comments.sort((a, b) => b.at.localeCompare(a.at));
  const order = (a: GapRow, b: GapRow) => b.count - a.count || b.lastAt.localeCompare(a.lastAt);
  return {
    unanswered: [...groups.values()].sort(order).slice(0, limit),
    unhelpful: [...votes.values()].filter((r) => r.count > 0 || r.comments.length > 0).sort(order).slice(0, limit),
  };
}

/** "slack 3, shell 1": where a question was asked, in a fixed order. */
export function formatOrigins(counts: OriginCounts): string {
  return ORIGINS.filter((o) => counts[o]).map((o) => `${o} ${counts[o]}`).join(', ');
}

/** The origins of every row added up. */
function totalOrigins(rows: readonly GapRow[]): OriginCounts {
  const total: OriginCounts = {};
  for (const r of rows) for (const o of ORIGINS) if (r.origins[o]) total[o] = (total[o] ?? 0) + r.origins[o]!;
  return total;
}

/** The report as text for a terminal: the questions and comments (typed by people) are made inert, one line each. */
export function formatGaps(r: GapsReport): string {
  const out: string[] = [];
  const asked = formatOrigins(totalOrigins(r.unanswered));
  out.push(`Unanswered questions (${r.unanswered.length}${r.unanswered.length ? `, most frequent first; asked in ${asked}` : ''}):`);
  if (!r.unanswered.length) out.push('  none recorded');
  for (const g of r.unanswered) out.push(`  ${String(g.count).padStart(4)}×  ${g.question}   (${formatOrigins(g.origins)}; last ${g.lastAt.slice(0, 10)})`);
  out.push('', `Answers marked unhelpful (${r.unhelpful.length}):`);
  if (!r.unhelpful.length) out.push('  none recorded');
  for (const g of r.unhelpful) {
    out.push(`  ${String(g.count).padStart(4)}× 👎 ${g.helpful ? `(${g.helpful}× 👍) ` : ''}[${g.intent}] ${g.question}   (${formatOrigins(g.origins)}; last ${g.lastAt.slice(0, 10)})`);
    for (const c of g.comments.slice(0, COMMENTS_SHOWN)) out.push(`         “${c.comment}” (${c.at.slice(0, 10)})`);
    if (g.comments.length > COMMENTS_SHOWN) out.push(`         … ${g.comments.length - COMMENTS_SHOWN} more comments (--json lists them all)`);
  }
  return inertLines(out) + '\n';
}
