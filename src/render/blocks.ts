/**
 * Answer → Slack Block Kit. All text goes through escape.ts; every mrkdwn object is `verbatim` (no
 * auto-linking or mention parsing of what a user typed); the only links are knowledge-base source
 * URLs (http(s), no `|` `<` `>`). Slack's limits are enforced here, centrally, by cutting with "…"
 * rather than failing: 50 blocks a message (100 in a Home view), 3000 characters a text object,
 * 75 for button text (Slack rejects more), 2000 for a button value, 10 context elements, 25 actions.
 */
import type { types } from '@slack/bolt';
import type { Answer, Citation, Lang } from '../answer/types.js';
import { textIn, ui } from './catalogue/index.js';
import { deadlineFallback, deadlineLine, deadlineSection } from './deadlines.js';
import { escapeText, link, truncate, truncateMrkdwn } from './escape.js';
import { formatterFor } from './format.js';

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
  /** How many example questions in a list. */
  examples: 5,
} as const;

/** Action ids of the buttons answerToBlocks emits (listeners in src/slack/listeners/actions.ts). */
export const ACTION = {
  share: 'integ_share',
  feedbackUp: 'integ_feedback_up',
  feedbackDown: 'integ_feedback_down',
  /** "Did you mean…" buttons: integ_ask_0, integ_ask_1, … */
  askPrefix: 'integ_ask_',
} as const;
export const ASK_ACTION = /^integ_ask_\d+$/;

export interface BlockOptions {
  /** "Share in channel" button (ephemeral slash-command answers). */
  share?: boolean;
  /** 👍/👎 buttons. */
  feedback?: boolean;
  /** Echo the question at the top (default true, except for the help answer). */
  showQuestion?: boolean;
  /** Show each citation's quote under it (default true). */
  quotes?: boolean;
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

/** JSON for a feedback button, with the question cut so the whole value fits in 2000 characters. */
export function feedbackValue(question: string, intent: string, lang?: Lang): string {
  const value = (q: string) => JSON.stringify({ q, i: truncate(intent, 100), ...(lang ? { l: lang } : {}) } satisfies FeedbackValue);
  let q = question;
  for (;;) {
    const v = value(q);
    if (v.length <= LIMITS.buttonValue) return v;
    // JSON escaping may widen characters: shrink in proportion, strictly, until it fits.
    q = truncate(q, Math.min(q.length - 1, Math.floor((q.length * (LIMITS.buttonValue - 40)) / v.length)));
  }
}

export function parseFeedbackValue(value: string | undefined): FeedbackValue | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    if (v && typeof v === 'object' && typeof (v as FeedbackValue).q === 'string' && typeof (v as FeedbackValue).i === 'string') {
      const { q, i, l } = v as FeedbackValue;
      return l === 'en' || l === 'vi' ? { q, i, l } : { q, i };
    }
  } catch {
    /* not ours */
  }
  return null;
}

// ---------------------------------------------------------------- formatting

/** `[1][2]` for the cited numbers that exist in the answer. */
function markers(cites: number[], known: Set<number>): string {
  return [...new Set(cites)].filter((n) => known.has(n)).sort((a, b) => a - b).map((n) => `[${n}]`).join('');
}

/** `[n] Publisher, 26 Aug 2025, <url|title>` (mrkdwn, escaped), dated in the answer's language. */
export function citationLine(c: Citation, lang: Lang = 'en'): string {
  const publisher = c.publisher ? escapeText(c.publisher, 120) : ui(lang, 'ui.publisherNotStated');
  return `[${c.n}] ${publisher}, ${formatterFor(lang).published(c.published)}, ${link(c.url, c.title, 250)}`;
}

function quoteLine(c: Citation): string {
  return `“${escapeText(c.quote.replace(/\s+/g, ' ').trim(), 300)}”`;
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

/** Keeps the first blocks within `max`, ending with a "…" note; a trailing actions block is kept. */
export function fitBlocks(blocks: KnownBlock[], max: number, lang: Lang = 'en'): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const keepLast = last.type === 'actions' ? [last] : [];
  const room = Math.max(0, max - 1 - keepLast.length);
  const dropped = blocks.length - keepLast.length - room;
  return [...blocks.slice(0, room), context([`… ${ui(lang, 'ui.moreBlocks', { n: dropped })}`]), ...keepLast];
}

// ---------------------------------------------------------------- the answer

/** Answer → Block Kit (≤ opts.maxBlocks, default 50). */
export function answerToBlocks(answer: Answer, opts: BlockOptions = {}): KnownBlock[] {
  const max = Math.min(opts.maxBlocks ?? LIMITS.messageBlocks, LIMITS.homeBlocks);
  const { lang } = answer;
  const t = (x: Parameters<typeof textIn>[1]) => textIn(lang, x);
  const head: KnownBlock[] = [];
  const tail: KnownBlock[] = [];

  const showQuestion = opts.showQuestion ?? answer.intent !== 'help';
  const headContext: string[] = [];
  if (showQuestion && answer.question.trim()) headContext.push(`:question: ${escapeText(answer.question.trim(), 500)}`);
  if (opts.sharedBy && USER_ID.test(opts.sharedBy)) headContext.push(ui(lang, 'ui.sharedBy', { user: `<@${opts.sharedBy}>` }));
  if (headContext.length) head.push(context(headContext));
  head.push(section(`*${escapeText(t(answer.headline) || ui(lang, 'ui.noAnswer'), LIMITS.text - 2)}*`));

  const known = new Set(answer.citations.map((c) => c.n));
  const pointLines = answer.points.map((p) => {
    const m = markers(p.cites, known);
    const room = LIMITS.text - 2 - m.length - 1;
    // a team deadline: its people as mentions (src/render/deadlines.ts)
    const text = deadlineLine(p, lang, room) ?? escapeText(t(p.text), room);
    return `• ${text}${m ? ` ${m}` : ''}`;
  });
  // a team deadline's section carries its Done/Remove menu, so it is never packed with other points
  const pointSection = (line: string, i: number): KnownBlock => deadlineSection(answer.points[i], line, lang) ?? section(line);

  if (answer.notes.length) tail.push(context([answer.notes.map((n) => `_${escapeText(t(n), 600)}_`).join('\n')]));

  if (answer.intent === 'clarify' && answer.suggestions.length) {
    const choices = answer.suggestions.slice(0, LIMITS.didYouMean);
    tail.push(section(`*${ui(lang, 'ui.didYouMean')}…*`));
    tail.push(actions(choices.map((s, i) => button(t(s.label) || s.question, `${ACTION.askPrefix}${i}`, s.question)), 'integ_did_you_mean'));
  } else if (answer.suggestions.length) {
    const examples = answer.suggestions.slice(0, LIMITS.examples).map((s) => `• ${escapeText(s.question || t(s.label), 300)}`);
    tail.push(section(`*${answer.answered ? ui(lang, 'ui.alsoAsk') : ui(lang, 'ui.tryAsking')}:*\n${examples.join('\n')}`));
  }

  const citeContexts = answer.citations.map((c) => (opts.quotes === false || !c.quote ? [citationLine(c, lang)] : [citationLine(c, lang), quoteLine(c)]));

  const buttons: Button[] = [];
  if (opts.share) buttons.push(button(ui(lang, 'ui.share'), ACTION.share, answer.question, 'primary'));
  if (opts.feedback) {
    const v = feedbackValue(answer.question, answer.intent, lang);
    buttons.push(button(ui(lang, 'ui.helpful'), ACTION.feedbackUp, v), button(ui(lang, 'ui.notHelpful'), ACTION.feedbackDown, v));
  }
  const actionBlocks = buttons.length ? [actions(buttons, 'integ_answer_actions')] : [];

  const avail = max - head.length - tail.length - actionBlocks.length - (citeContexts.length ? 1 : 0);
  let body: KnownBlock[];
  if (pointLines.length + citeContexts.length <= avail) {
    body = [...pointLines.map(pointSection), ...(citeContexts.length ? [{ type: 'divider' } as KnownBlock] : []), ...citeContexts.map(context)];
  } else {
    // Too many for a block each: group points into sections (a team deadline keeps its own) and citations into shared contexts.
    const pointBlocks: KnownBlock[] = [];
    let run: string[] = [];
    pointLines.forEach((line, i) => {
      const own = deadlineSection(answer.points[i], line, lang);
      if (!own) return void run.push(line);
      pointBlocks.push(...pack(run, LIMITS.text).map(section), own);
      run = [];
    });
    pointBlocks.push(...pack(run, LIMITS.text).map(section));
    const citeBlocks: KnownBlock[] = [];
    const flat = citeContexts.map((lines) => lines.join('\n'));
    for (let i = 0; i < flat.length; i += LIMITS.contextElements) citeBlocks.push(context(flat.slice(i, i + LIMITS.contextElements)));
    body = [...pointBlocks, ...(citeBlocks.length ? [{ type: 'divider' } as KnownBlock] : []), ...citeBlocks];
  }
  return fitBlocks([...head, ...body, ...tail, ...actionBlocks], max, lang);
}

/** The `text` of a message carrying the blocks: used in notifications and by screen readers. */
export function answerFallbackText(answer: Answer): string {
  const { lang } = answer;
  const lines = [textIn(lang, answer.headline) || ui(lang, 'ui.noAnswer'), ...answer.points.slice(0, 3).map((p) => `• ${deadlineFallback(p, lang) ?? textIn(lang, p.text)}`)];
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
