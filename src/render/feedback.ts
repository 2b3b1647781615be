/**
 * The 👎 "What was wrong?" modal: an optional comment for the curators (it goes to `kb gaps`).
 * Its private_metadata carries what the vote was on (the question, its intent, the modal's
 * language); the question is shown escaped, like every text a user typed.
 */
import type { types } from '@slack/bolt';
import type { Lang } from '../answer/types.js';
import { context, fitQuestion, plain, section } from './blocks.js';
import { ui } from './catalogue/index.js';
import { escapeText, truncate, wellFormed } from './escape.js';

/** The modal's callback_id (listener: src/slack/listeners/feedback.ts). */
export const FEEDBACK_MODAL = 'integ_feedback_comment_modal';
/** Where the comment is in the submitted view's state. */
export const FEEDBACK_COMMENT = { block: 'integ_feedback_comment', action: 'comment' } as const;

/** Slack's limits for a modal: 24 characters of title and button text, 3000 of private_metadata. */
const TITLE = 24;
const METADATA = 3000;

/** What the modal's private_metadata carries. */
export interface FeedbackModalMeta {
  q: string;
  i: string;
  l: Lang;
}

export function feedbackMetadata(meta: FeedbackModalMeta): string {
  return fitQuestion(meta.q, (q) => JSON.stringify({ q, i: truncate(meta.i, 100), l: meta.l } satisfies FeedbackModalMeta), METADATA);
}

export function parseFeedbackMetadata(value: string | undefined): FeedbackModalMeta | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<FeedbackModalMeta> | null;
    if (!v || typeof v !== 'object' || typeof v.q !== 'string' || typeof v.i !== 'string') return null;
    return { q: wellFormed(v.q), i: wellFormed(v.i), l: v.l === 'vi' ? 'vi' : 'en' };
  } catch {
    return null; // not ours
  }
}

/** The modal, in `meta.l`; the comment field takes at most `maxComment` characters (the store's limit). */
export function feedbackModal(meta: FeedbackModalMeta, maxComment: number): types.ModalView {
  const lang = meta.l;
  const blocks: types.KnownBlock[] = [section(ui(lang, 'ui.feedback.intro'))];
  if (meta.q.trim()) blocks.push(context([`:question: ${escapeText(meta.q.trim(), 500)}`]));
  blocks.push({
    type: 'input',
    block_id: FEEDBACK_COMMENT.block,
    optional: true,
    label: plain(ui(lang, 'ui.feedback.label'), 2000),
    hint: plain(ui(lang, 'ui.feedback.hint'), 2000),
    element: { type: 'plain_text_input', action_id: FEEDBACK_COMMENT.action, multiline: true, max_length: maxComment },
  });
  return {
    type: 'modal',
    callback_id: FEEDBACK_MODAL,
    private_metadata: feedbackMetadata(meta),
    title: plain(ui(lang, 'ui.feedback.title'), TITLE),
    submit: plain(ui(lang, 'ui.feedback.submit'), TITLE),
    close: plain(ui(lang, 'ui.feedback.close'), TITLE),
    blocks,
  };
}

