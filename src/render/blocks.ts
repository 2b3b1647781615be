/**
 * Answer → Slack Block Kit. All text goes through escape.ts; every mrkdwn object is `verbatim` (no
 * auto-linking or mention parsing of what a user typed); the only links are knowledge-base source
 * URLs (http(s), no `|` `<` `>`). Slack's limits are enforced here, centrally, by cutting with "…"
 * rather than failing: 50 blocks a message (100 in a Home view), 3000 characters a text object,
 * 75 for button text (Slack rejects more), 2000 for a button value, 10 context elements, 25 actions.
 */
import type { types } from '@slack/bolt';
import type { Answer, Citation, Lang, Slots, Suggestion } from '../answer/types.js';
import { textIn, ui } from './catalogue/index.js';
import { deadlineFallback, deadlineLine, deadlineSection } from './deadlines.js';
import { formatterFor } from './format.js';
import { escapeText, link, safeUrl, truncate, truncateMrkdwn, wellFormed } from './escape.js';
import { citationParts, citedSources, directAnswer, noteKind } from './parts.js';

export type KnownBlock = types.KnownBlock;
type MrkdwnElement = types.MrkdwnElement;
type PlainTextElement = types.PlainTextElement;
type Button = types.Button;

export const LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  text: 3000,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  actionsElements: 25,
  fallbackText: 3000,
  /** How many "Did you mean…" buttons. */
  didYouMean: 3,
  /** How many example-question buttons. */
  examples: 5,
  /** Points a re-askable answer shows (its direct answer included) before "Show all N points". */
  points: 4,
} as const;

/** Action ids of the buttons answerToBlocks emits (listeners in src/slack/listeners/actions.ts and feedback.ts). */
export const ACTION = {
  share: 'integ_share',
  feedbackUp: 'integ_feedback_up',
  feedbackDown: 'integ_feedback_down',
  /** "Did you mean…" and example-question buttons: integ_ask_0, integ_ask_1, … */
  askPrefix: 'integ_ask_',
  /** "Show sources": the answer's sources with their verbatim passages (the question is asked again). */
  sources: 'integ_show_sources',
  /** "Show all N points": the answer with every point (the question is asked again). */
  allPoints: 'integ_show_all_points',
} as const;
export const ASK_ACTION = /^integ_ask_\d+$/;

export interface BlockOptions {
  /** "Share in channel" button (ephemeral slash-command answers). */
  share?: boolean;
  /** 👍/👎 buttons. */
  feedback?: boolean;
  /** "Thanks — noted", in this language (the voter's), where the 👍/👎 buttons were: the answer after a vote. */
  thanked?: Lang;
  /** Echo the question at the top (default true, except for the help answer). */
  showQuestion?: boolean;
  /** Show each citation's quote under it (default false: "Show sources" shows them). */
  quotes?: boolean;
  /**
   * An answer to a question that buttons can ask again: "Show sources" (the verbatim passages) and,
   * when more than LIMITS.points points would show, the first ones and "Show all N points".
   * (Deadline lists, digests and help show every point and have neither.)
   */
  reask?: boolean;
  /** With reask: every point, no "Show all" (the answer to that button). */
  allPoints?: boolean;
  /** With reask: the thread's slots the question was asked with (a follow-up), so that asking again gives the same answer. */
  threadSlots?: Slots | null;
  /** A Slack user id shown as "Shared by @user" (must look like a user id). */
  sharedBy?: string | null;
  /** Block budget (default 50, Slack's per-message limit). */
  maxBlocks?: number;
}

/** What a feedback button carries (JSON in the button value). */
export interface FeedbackValue {
  q: string;
  i: string;
  /** The answer's language: the thanks are written in it unless the clicker chose one (absent on buttons older than it). */
  l?: Lang;
  /** 1 when the answer voted on showed every point ("Show all N points"). */
  a?: 1;
  /** The thread's slots the question was asked with, as in ReaskValue. */
  s?: unknown;
}

/** What "Show sources" and "Show all N points" carry: the question to ask again, never the answer. */
export interface ReaskValue {
  q: string;
  /** The language the answer was in. */
  l?: Lang;
  /** The thread's slots it was asked with (untrusted: checked by whoever reads them). */
  s?: unknown;
}

// ---------------------------------------------------------------- building blocks (all limits here)

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.text) || ' ', verbatim: true };
}

export function plain(text: string, max: number = LIMITS.text): PlainTextElement {
  return { type: 'plain_text', text: escapeText(text, max) || ' ', emoji: true };
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text) };
}

export function context(texts: string[]): KnownBlock {
  const elements = texts.slice(0, LIMITS.contextElements).map(mrkdwn);
  return { type: 'context', elements: elements.length ? elements : [mrkdwn(' ')] };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  const b: Button = { type: 'button', text: plain(text, LIMITS.buttonText), action_id: actionId, value: truncate(value, LIMITS.buttonValue) };
  if (style) b.style = style;
  return b;
}

export function actions(elements: Button[], blockId?: string): KnownBlock {
  const block: KnownBlock = { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
  if (blockId) block.block_id = blockId;
  return block;
}

/**
 * JSON of `value(q)` with the question cut so that the whole value fits in `max` characters (2000:
 * a button's value; JSON escaping may widen characters: the question shrinks in proportion,
 * strictly, until it fits).
 */
export function fitQuestion(question: string, value: (q: string) => string, max: number = LIMITS.buttonValue): string {
  let q = question;
  for (;;) {
    const v = value(q);
    if (v.length <= max || !q) return v;
    q = truncate(q, Math.max(0, Math.min(q.length - 1, Math.floor((q.length * (max - 40)) / v.length))));
  }
}

/** Slots worth carrying: small enough to leave the question room in a value. */
const carried = (slots: Slots | null | undefined): Slots | undefined => (slots && JSON.stringify(slots).length <= 500 ? slots : undefined);

/** JSON for a feedback button, with the question cut so the whole value fits in 2000 characters. */
export function feedbackValue(question: string, intent: string, lang?: Lang, extra: { all?: boolean; slots?: Slots | null } = {}): string {
  const slots = carried(extra.slots);
  return fitQuestion(question, (q) => JSON.stringify({ q, i: truncate(intent, 100), ...(lang ? { l: lang } : {}), ...(extra.all ? { a: 1 } : {}), ...(slots ? { s: slots } : {}) } satisfies FeedbackValue));
}

export function parseFeedbackValue(value: string | undefined): FeedbackValue | null {
  const v = parseJson(value);
  if (!v || typeof v.q !== 'string' || typeof v.i !== 'string') return null;
  return { q: wellFormed(v.q), i: wellFormed(v.i), ...(v.l === 'en' || v.l === 'vi' ? { l: v.l } : {}), ...(v.a === 1 ? { a: 1 as const } : {}), ...(v.s !== undefined ? { s: v.s } : {}) };
}

/** JSON for "Show sources" / "Show all N points": the question (cut to fit), the answer's language, the thread's slots. */
export function reaskValue(question: string, lang: Lang, slots?: Slots | null): string {
  const s = carried(slots);
  return fitQuestion(question, (q) => JSON.stringify({ q, l: lang, ...(s ? { s } : {}) } satisfies ReaskValue));
}

export function parseReaskValue(value: string | undefined): ReaskValue | null {
  const v = parseJson(value);
  if (!v || typeof v.q !== 'string' || !v.q.trim()) return null;
  return { q: wellFormed(v.q), ...(v.l === 'en' || v.l === 'vi' ? { l: v.l } : {}), ...(v.s !== undefined ? { s: v.s } : {}) };
}

function parseJson(value: string | undefined): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null; // not ours
  }
}

// ---------------------------------------------------------------- formatting

/** Each citation's URL, when it has one safe to link to. */
function linksOf(citations: readonly Citation[]): Map<number, string> {
  const links = new Map<number, string>();
  for (const c of citations) {
    const url = safeUrl(c.url);
    if (url) links.set(c.n, url);
  }
  return links;
}

/** `[n]` linked to its source (`<url|[n]>`) where the source has a URL. */
const marker = (n: number, links: ReadonlyMap<number, string>): string => {
  const url = links.get(n);
  return url ? `<${url}|[${n}]>` : `[${n}]`;
};

/** `[1][2]` for the cited numbers that exist in the answer, each linked to its source where it can be. */
function markers(cites: number[], known: Set<number>, links: ReadonlyMap<number, string>): string {
  return [...new Set(cites)].filter((n) => known.has(n)).sort((a, b) => a - b).map((n) => marker(n, links)).join('');
}

/** The `[n]` a note writes (escaped text), linked to their sources. */
function linkMarkers(text: string, links: ReadonlyMap<number, string>): string {
  return text.replace(/\[(\d+)\]/g, (m, n: string) => (links.has(Number(n)) ? marker(Number(n), links) : m));
}

/** A line that fits a text object: the words cut so that the markers after them stay whole. */
function withMarkers(text: string, m: string, max: number = LIMITS.text): string {
  if (!m) return escapeText(text, max);
  return `${escapeText(text, Math.max(1, max - m.length - 1))} ${m}`;
}

/** A compact citation (mrkdwn, escaped): `<url|[n]> Publisher · 26 Aug 2025 · Title cut short…`, dated in the answer's language. */
export function citationLine(c: Citation, lang: Lang = 'en'): string {
  const { by, date, title } = citationParts(c, lang);
  const url = safeUrl(c.url);
  const label = url ? `<${url}|[${c.n}]>` : `[${c.n}]`;
  return `${label} ${[by, date, title].filter((x): x is string => !!x).map((x) => escapeText(x)).join(' · ')}`;
}

function quoteLine(c: Citation, max = 300): string {
  return `“${escapeText(c.quote.replace(/\s+/g, ' ').trim(), max)}”`;
}

const USER_ID = /^[UW][A-Z0-9]+$/;

/** Packs lines into as few texts of ≤ `max` characters as possible (a line too long is cut). */
function pack(lines: string[], max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = truncateMrkdwn(raw, max);
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}

/** Contexts holding these lines: packed into elements of ≤ 3000 characters, 10 elements a block. */
function contexts(lines: string[]): KnownBlock[] {
  const elements = pack(lines, LIMITS.text);
  const out: KnownBlock[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.contextElements) out.push(context(elements.slice(i, i + LIMITS.contextElements)));
  return out;
}

/** Keeps the first blocks within `max`, ending with a "…" note; a trailing actions block is kept. */
export function fitBlocks(blocks: KnownBlock[], max: number, lang: Lang = 'en'): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const keepLast = last.type === 'actions' ? [last] : [];
  const room = Math.max(0, max - 1 - keepLast.length);
  const dropped = blocks.length - keepLast.length - room;
  return [...blocks.slice(0, room), context([`… ${ui(lang, 'ui.moreBlocks', { n: dropped })}`]), ...keepLast];
}

/** The one line of a bold text (mrkdwn `*…*` only works on one line without spaces at its ends). */
const bold = (escaped: string): string => {
  const t = escaped.replace(/\s+/g, ' ').trim();
  return t ? `*${t}*` : t;
};

// ---------------------------------------------------------------- the answer

/**
 * Answer → Block Kit (≤ opts.maxBlocks, default 50), in this order: the question asked (and the
 * topic it was read as); the one-line direct answer, bold (a curated fact's figure and when it
 * holds, then its statement; else the headline); the supporting points, cut at LIMITS.points with
 * "Show all N points" when opts.reask; timelines and disagreements; example questions or
 * "Did you mean…" as buttons; compact citations of the sources the shown texts cite, each `[n]`
 * linked to its source where it has a URL; the buttons.
 */
export function answerToBlocks(answer: Answer, opts: BlockOptions = {}): KnownBlock[] {
  const max = Math.min(opts.maxBlocks ?? LIMITS.messageBlocks, LIMITS.homeBlocks);
  const { lang } = answer;
  const t = (x: Parameters<typeof textIn>[1]) => textIn(lang, x);
  const blocks: KnownBlock[] = [];
  const known = new Set(answer.citations.map((c) => c.n));
  const links = linksOf(answer.citations);
  const direct = directAnswer(answer);
  const headline = t(answer.headline) || ui(lang, 'ui.noAnswer');

  const showQuestion = opts.showQuestion ?? answer.intent !== 'help';
  const headContext: string[] = [];
  if (showQuestion && answer.question.trim()) headContext.push(`:question: ${escapeText(answer.question.trim(), 500)}`);
  // with a direct answer, the headline (the topic and the time asked) is the question's caption
  if (direct && headline.trim()) headContext.push(escapeText(headline.replace(/\s+/g, ' ').trim(), 300));
  if (opts.sharedBy && USER_ID.test(opts.sharedBy)) headContext.push(ui(lang, 'ui.sharedBy', { user: `<@${opts.sharedBy}>` }));
  if (headContext.length) blocks.push(context(headContext));

  const top = answer.points[0];
  if (direct && top) {
    const m = markers(top.cites, known, links);
    const lead = direct.figure ? `${bold(escapeText(direct.figure, 300))} — ${escapeText(direct.rest)}` : bold(escapeText(direct.rest, LIMITS.text - 2 - m.length - 1));
    blocks.push(section(withMarkersAfter(lead, m)));
  } else {
    blocks.push(section(bold(escapeText(headline, LIMITS.text - 2))));
  }

  const rest = direct ? answer.points.slice(1) : answer.points;
  const cap = opts.reask && !opts.allPoints ? Math.max(0, LIMITS.points - (direct ? 1 : 0)) : Infinity;
  const supporting = rest.slice(0, cap);
  const pointLines = supporting.map((p) => {
    const m = markers(p.cites, known, links);
    // a team deadline: its people as mentions (./deadlines.ts)
    const own = deadlineLine(p, lang, LIMITS.text - 2 - m.length - 1);
    return own ? `• ${own}${m ? ` ${m}` : ''}` : `• ${withMarkers(t(p.text), m, LIMITS.text - 2)}`;
  });
  // a team deadline's section carries its Done/Remove menu, so it is never packed with other points
  let run: string[] = [];
  pointLines.forEach((line, i) => {
    const own = deadlineSection(supporting[i], line, lang);
    if (!own) return void run.push(line);
    blocks.push(...pack(run, LIMITS.text).map(section), own);
    run = [];
  });
  blocks.push(...pack(run, LIMITS.text).map(section));
  const hidden = rest.length - supporting.length;
  if (hidden > 0) {
    blocks.push(actions([button(ui(lang, 'ui.showAllPoints', { n: answer.points.length }), ACTION.allPoints, reaskValue(answer.question, lang, opts.threadSlots))], 'integ_more_points'));
  }

  // timelines and disagreements are part of the answer; other notes (a partial period, what the sources cover) follow them
  const notes = [...answer.notes.filter((n) => noteKind(n) !== 'other'), ...answer.notes.filter((n) => noteKind(n) === 'other')];
  const noteLines = notes.map((n) => {
    const text = linkMarkers(escapeText(t(n).replace(/\s+/g, ' ').trim(), 1500), links);
    const kind = noteKind(n);
    return kind === 'timeline' ? `:chart_with_upwards_trend: ${text}` : kind === 'differ' ? `:warning: ${text}` : `_${text}_`;
  });
  blocks.push(...pack(noteLines, LIMITS.text).map(section));

  if (answer.suggestions.length) {
    const clarify = answer.intent === 'clarify';
    const choices = answer.suggestions.slice(0, clarify ? LIMITS.didYouMean : LIMITS.examples);
    // a clarification's headline asks "Did you mean…" itself: its buttons follow with no second lead-in
    if (!clarify) blocks.push(section(`*${answer.answered ? ui(lang, 'ui.alsoAsk') : ui(lang, 'ui.tryAsking')}:*`));
    const label = (s: Suggestion) => (clarify ? t(s.label) || s.question : s.question || t(s.label));
    blocks.push(actions(choices.map((s, i) => button(label(s), `${ACTION.askPrefix}${i}`, s.question)), clarify ? 'integ_did_you_mean' : 'integ_suggestions'));
  }

  const shownPoints = direct && top ? [top, ...supporting] : supporting;
  const cited = citedSources(answer.citations, shownPoints, answer.notes);
  const citeLines = cited.map((c) => (opts.quotes && c.quote ? `${citationLine(c, lang)}\n${quoteLine(c)}` : citationLine(c, lang)));
  blocks.push(...contexts(citeLines));

  const buttons: Button[] = [];
  if (opts.share) buttons.push(button(ui(lang, 'ui.share'), ACTION.share, answer.question, 'primary'));
  if (opts.reask && cited.some((c) => c.quote.trim())) buttons.push(button(ui(lang, 'ui.showSources'), ACTION.sources, reaskValue(answer.question, lang, opts.threadSlots)));
  if (opts.feedback && !opts.thanked) {
    const v = feedbackValue(answer.question, answer.intent, lang, { all: opts.allPoints, slots: opts.threadSlots });
    buttons.push(button(ui(lang, 'ui.helpful'), ACTION.feedbackUp, v), button(ui(lang, 'ui.notHelpful'), ACTION.feedbackDown, v));
  }
  if (buttons.length) blocks.push(actions(buttons, 'integ_answer_actions'));
  if (opts.thanked) blocks.push(thanksContext(opts.thanked));
  return fitBlocks(blocks, max, lang);
}

/** A line that ends with markers: the line cut so that they stay whole. */
function withMarkersAfter(line: string, m: string): string {
  if (!m) return line;
  return `${truncateMrkdwn(line, Math.max(1, LIMITS.text - m.length - 1))} ${m}`;
}

/** The block that replaces 👍/👎 once one is clicked. */
export const THANKS_BLOCK_ID = 'integ_feedback_thanks';
function thanksContext(lang: Lang): KnownBlock {
  return { ...context([`:white_check_mark: ${ui(lang, 'ui.thanksNoted')}`]), block_id: THANKS_BLOCK_ID };
}

/**
 * A message's blocks (as Slack sends them back with a click) after a 👍/👎: the same answer, its
 * feedback buttons replaced by "Thanks — noted" in `lang`; the other buttons stay. Blocks that are
 * not an object with a type are dropped.
 */
export function thankedBlocks(blocks: readonly unknown[], lang: Lang): KnownBlock[] {
  const feedback = new Set<string>([ACTION.feedbackUp, ACTION.feedbackDown]);
  const isBlock = (b: unknown): b is KnownBlock => !!b && typeof b === 'object' && typeof (b as { type?: unknown }).type === 'string';
  let thanked = blocks.some((b) => isBlock(b) && (b as { block_id?: string }).block_id === THANKS_BLOCK_ID);
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    if (!isBlock(block)) continue;
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      const elements = (block.elements as { action_id?: string }[]).filter((e) => !feedback.has(e?.action_id ?? ''));
      if (elements.length !== block.elements.length) {
        if (elements.length) out.push({ ...block, elements } as KnownBlock);
        if (!thanked) out.push(thanksContext(lang));
        thanked = true;
        continue;
      }
    }
    out.push(block);
  }
  return out.slice(0, LIMITS.messageBlocks);
}

/**
 * "Show sources": each source of the answer with its publisher, date, whole title (linked where it
 * has a URL) and the verbatim passages the answer rests on.
 */
export function sourcesToBlocks(answer: Answer): KnownBlock[] {
  const { lang } = answer;
  const blocks: KnownBlock[] = [];
  if (answer.question.trim()) blocks.push(context([`:question: ${escapeText(answer.question.trim(), 500)}`]));
  blocks.push(section(`*${ui(lang, 'ui.sources')}*`));
  for (const c of answer.citations) {
    const { by, date } = citationParts(c, lang);
    const head = [`*[${c.n}]* ${link(c.url, c.title.replace(/\s+/g, ' ').trim(), 500)}`, [by, date].filter((x): x is string => !!x).map((x) => escapeText(x)).join(' · ')].filter(Boolean);
    const quote = c.quote.trim() ? `\n> ${quoteLine(c, 2000)}` : '';
    blocks.push(section(`${head.join('\n')}${quote}`));
  }
  if (!answer.citations.length) blocks.push(section(`_${ui(lang, 'ui.noAnswer')}_`));
  return fitBlocks(blocks, LIMITS.messageBlocks, lang);
}

/** The `text` of a message carrying the blocks: used in notifications and by screen readers. */
export function answerFallbackText(answer: Answer): string {
  const { lang } = answer;
  const direct = directAnswer(answer);
  const headline = textIn(lang, answer.headline) || ui(lang, 'ui.noAnswer');
  const points = answer.points.slice(0, 3).map((p) => `• ${deadlineFallback(p, lang) ?? textIn(lang, p.text)}`);
  const lines = direct ? [headline, direct.figure ? `${direct.figure} — ${direct.rest}` : direct.rest, ...points.slice(1)] : [headline, ...points];
  return escapeText(lines.join('\n'), LIMITS.fallbackText);
}

// ---------------------------------------------------------------- App Home

export interface HomeInput {
  /** The engine's help answer: what integ can answer, with example questions. */
  help: Answer;
  /** Upcoming deadlines, when known. */
  deadlines?: Answer | null;
}

/** The Home tab (≤ 100 blocks), in the help answer's language: what integ answers, example questions, upcoming deadlines. */
export function homeBlocks(input: HomeInput): KnownBlock[] {
  const { lang } = input.help;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(ui(lang, 'ui.homeTitle'), 150) },
    section(`*${escapeText(textIn(lang, input.help.headline), LIMITS.text - 2)}*`),
  ];
  for (const line of pack(input.help.points.map((p) => `• ${escapeText(textIn(lang, p.text), 1000)}`), LIMITS.text).slice(0, 5)) blocks.push(section(line));
  const examples = input.help.suggestions.slice(0, 10).map((s) => `• ${escapeText(s.question || textIn(lang, s.label), 300)}`);
  if (examples.length) blocks.push(section(`*${ui(lang, 'ui.exampleQuestions')}*\n${examples.join('\n')}`));
  blocks.push(context([ui(lang, 'ui.howToAsk')]));
  if (input.deadlines) {
    blocks.push({ type: 'divider' }, { type: 'header', text: plain(ui(lang, 'ui.upcomingDeadlines'), 150) });
    const rest = LIMITS.homeBlocks - blocks.length;
    blocks.push(...answerToBlocks(input.deadlines, { showQuestion: false, quotes: false, maxBlocks: rest }));
  }
  return fitBlocks(blocks, LIMITS.homeBlocks, lang);
}
