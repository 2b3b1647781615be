/**
 * Proposes candidate facts from a new article for a curator to review: every sentence with a
 * figure, a date, a document number or a person's name, with its verbatim quote and guesses for
 * topic, value, unit and period. Nothing here is added to the knowledge by itself.
 */
import type { Topic, Vocabulary } from '../../knowledge/schema.js';
import { splitSentences } from '../answer/evidence.js';
import { Lexicon } from '../answer/lexicon.js';
import { canonical } from '../answer/normalize.js';
import { findTime } from '../answer/time.js';
import type { IntentSpec } from '../answer/intent.js';

export interface Candidate {
  id: string;
  topic: Topic | null;
  subject: string;
  statement: string;
  value: number | null;
  valueMax: number | null;
  qualifier: string | null;
  unit: string | null;
  period: { start: string; end: string; label: string } | null;
  asOf: string;
  source: string;
  quote: string;
  /** Why it was picked: figure, date, document, person. */
  signals: string[];
}

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const FIGURE = /(?:(over|more than|about|approximately|nearly|almost|under|less than|at least|up to)\s+)?(?:US\$|USD\s?|\$|VND\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?[–-]\s?(\d+(?:\.\d+)?))?\s*(%|percent|billion|million|thousand|trillion)?(?:\s+(USD|VND|countries|partners|tasks|targets|agreements|commitments|parties|organizations|organisations|projects|workers|times|documents|FTAs|activities))?/i;
const DATE = new RegExp(`${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH}\\s+\\d{4}|${MONTH}\\s+\\d{1,2}\\b`);
const DOC = /\b(?:Resolution|Decision|Decree|Directive)\s+(?:No\.\s*)?\d+/i;
const PERSON = /\b(?:Prime Minister|Minister|Deputy Prime Minister|General Secretary|President|Chairman|Vice Chairman|Comrade|Secretary)\s+(?:[A-Z][a-z]+\s){1,3}[A-Z][a-z]+/;

const QUALIFIERS: Record<string, string> = { over: 'over', 'more than': 'over', about: 'about', approximately: 'about', nearly: 'nearly', almost: 'nearly', under: 'under', 'less than': 'under', 'at least': 'at least', 'up to': 'up to' };

/**
 * The sentence's main figure: dates, document numbers, years and period lengths ("first 9 months")
 * are not figures; a figure with a currency, scale or unit wins over a bare number.
 */
function findFigure(sentence: string): RegExpMatchArray | null {
  const text = sentence.replace(new RegExp(DATE.source, 'g'), ' ').replace(new RegExp(DOC.source, 'gi'), ' ');
  let bare: RegExpMatchArray | null = null;
  for (const m of text.matchAll(new RegExp(FIGURE.source, 'gi'))) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    if (/^(19|20)\d{2}$/.test(m[2]) && !m[4]) continue; // a year
    if (/^\s*(months?|years?|days?|weeks?|quarters?)\b/i.test(after) && !m[4]) continue; // a period length
    if (m[4] || m[5] || /US\$|USD|\$|VND/i.test(m[0])) return m;
    bare ??= m;
  }
  return bare;
}

export function extractCandidates(text: string, opts: { source: string; asOf: string; vocabulary: Vocabulary; intents: readonly IntentSpec[] }): Candidate[] {
  const lexicon = new Lexicon(opts.vocabulary, []);
  const out: Candidate[] = [];
  for (const sentence of splitSentences(text)) {
    const signals: string[] = [];
    const fig = findFigure(sentence);
    if (fig) signals.push('figure');
    if (DATE.test(sentence)) signals.push('date');
    if (DOC.test(sentence)) signals.push('document');
    if (PERSON.test(sentence)) signals.push('person');
    if (!signals.length) continue;

    const concepts = lexicon.spans(canonical(sentence).split(' ')).flatMap((s) => s.concepts);
    let topic: Topic | null = null;
    let best = 0;
    for (const intent of opts.intents) {
      let s = 0;
      for (const c of concepts) s += intent.concepts[c] ?? 0;
      if (s > best && intent.topics[0]) {
        best = s;
        topic = intent.topics[0];
      }
    }
    const time = findTime(sentence);
    const p = time.periods[0];
    const year = p?.year ?? null;
    const period = p && year ? { start: `${year}-${String(p.startMonth).padStart(2, '0')}`, end: `${year}-${String(p.endMonth).padStart(2, '0')}`, label: p.label } : null;
    const hasFigure = signals.includes('figure') && fig;
    const scale = hasFigure ? (fig![4] ?? '').toLowerCase() : '';
    const currency = hasFigure ? (/US\$|USD|\$/i.test(fig![0]) ? 'USD' : /VND/i.test(fig![0]) ? 'VND' : '') : '';
    const unit = hasFigure ? ([currency, scale === '%' || scale === 'percent' ? '%' : scale, fig![5] && !/USD|VND/i.test(fig![5]) ? fig![5] : ''].filter(Boolean).join(' ') || null) : null;
    out.push({
      id: `candidate.${out.length + 1}.${opts.source.slice(0, 3)}`,
      topic,
      subject: '',
      statement: sentence.length > 400 ? sentence.slice(0, 397) + '…' : sentence,
      value: hasFigure ? Number(fig![2].replace(/,/g, '')) : null,
      valueMax: hasFigure && fig![3] ? Number(fig![3]) : null,
      qualifier: hasFigure && fig![1] ? QUALIFIERS[fig![1].toLowerCase()] ?? null : null,
      unit,
      period,
      asOf: opts.asOf,
      source: opts.source,
      quote: sentence,
      signals,
    });
  }
  return out;
}
