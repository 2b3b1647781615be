/**
 * Gaps in the knowledge, for curators: the questions integ could not answer, most frequent first,
 * and the answers people marked unhelpful (👎). Read from the store's records.
 */
import { inertLines } from '../render/terminal.js';
import type { FeedbackEntry, UnansweredEntry } from '../store/types.js';

export interface GapRow {
  question: string;
  count: number;
  lastAt: string;
}

export interface UnhelpfulRow extends GapRow {
  intent: string;
  helpful: number;
}

export interface GapsReport {
  unanswered: GapRow[];
  unhelpful: UnhelpfulRow[];
}

export function gapsReport(unanswered: UnansweredEntry[], feedback: FeedbackEntry[], limit = 20): GapsReport {
  const groups = new Map<string, GapRow>();
  for (const u of unanswered) {
    const key = u.normalised || u.question.toLowerCase();
    const row = groups.get(key) ?? { question: u.question, count: 0, lastAt: u.at };
    row.count++;
    if (u.at >= row.lastAt) {
      row.lastAt = u.at;
      row.question = u.question;
    }
    groups.set(key, row);
  }
  const votes = new Map<string, UnhelpfulRow>();
  for (const f of feedback) {
    const key = `${f.intent}|${f.question.trim().toLowerCase()}`;
    const row = votes.get(key) ?? { question: f.question, intent: f.intent, count: 0, helpful: 0, lastAt: f.at };
    if (f.helpful) row.helpful++;
    else row.count++;
    if (f.at > row.lastAt) row.lastAt = f.at;
    votes.set(key, row);
  }
  const order = (a: GapRow, b: GapRow) => b.count - a.count || b.lastAt.localeCompare(a.lastAt);
  return {
    unanswered: [...groups.values()].sort(order).slice(0, limit),
    unhelpful: [...votes.values()].filter((r) => r.count > 0).sort(order).slice(0, limit),
  };
}

/** The report as text for a terminal: the questions (typed by Slack users) are made inert. */
export function formatGaps(r: GapsReport): string {
  const out: string[] = [];
  out.push(`Unanswered questions (${r.unanswered.length}${r.unanswered.length ? ', most frequent first' : ''}):`);
  if (!r.unanswered.length) out.push('  none recorded');
  for (const g of r.unanswered) out.push(`  ${String(g.count).padStart(4)}×  ${g.question}   (last ${g.lastAt.slice(0, 10)})`);
  out.push('', `Answers marked unhelpful (${r.unhelpful.length}):`);
  if (!r.unhelpful.length) out.push('  none recorded');
  for (const g of r.unhelpful) out.push(`  ${String(g.count).padStart(4)}× 👎 ${g.helpful ? `(${g.helpful}× 👍) ` : ''}[${g.intent}] ${g.question}   (last ${g.lastAt.slice(0, 10)})`);
  return inertLines(out) + '\n';
}
