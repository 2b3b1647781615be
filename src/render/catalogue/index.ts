/**
 * The one message catalogue: every sentence integ writes, in English and Vietnamese, by key. Each
 * group (answers; later deadlines and digests, Slack and the CLI) has its entries in both languages
 * typed by the same message map, so a key missing in either language does not compile (and
 * tests/render/catalogue.test.ts checks the same at run time).
 */
import type { Lang, Text } from '../../answer/types.js';
import { formatterFor } from '../format.js';
import { answerEn, answerVi } from './answer.js';
import { cliEn, cliVi } from './cli.js';
import { deadlinesEn, deadlinesVi } from './deadlines.js';
import { digestEn, digestVi } from './digest.js';
import { remindersEn, remindersVi } from './reminders.js';
import { homeEn, homeVi } from './home.js';
import { slackEn, slackVi } from './slack.js';
import type { Entry } from './types.js';
import { uiEn, uiVi, type UiMessages } from './ui.js';

export const CATALOGUE: Record<Lang, Record<string, Entry<never>>> = {
  en: { ...answerEn, ...digestEn, ...uiEn, ...cliEn, ...slackEn, ...remindersEn, ...homeEn, ...deadlinesEn },
  vi: { ...answerVi, ...digestVi, ...uiVi, ...cliVi, ...slackVi, ...remindersVi, ...homeVi, ...deadlinesVi },
};

/** The renderers' own words (labels, buttons), typed by key. */
export function ui<K extends keyof UiMessages>(lang: Lang, key: K, ...params: UiMessages[K] extends Record<string, never> ? [] : [UiMessages[K]]): string {
  return (CATALOGUE[lang][key] as Entry<UiMessages[K]>)((params[0] ?? {}) as UiMessages[K], formatterFor(lang));
}

/** A text in a language: a message from the catalogue, a statement in that language, a quote in quotes, anything else as it is. */
export function textIn(lang: Lang, text: Text): string {
  switch (text.kind) {
    case 'statement':
      return text.text[lang];
    case 'quote':
      return `“${text.text}”`;
    case 'verbatim':
      return text.text;
    case 'msg': {
      const entry = CATALOGUE[lang][text.key] as Entry<object> | undefined;
      // a key outside the catalogue is a programming error: say so where it shows, never crash a reply
      return entry ? entry(text.params, formatterFor(lang)) : `[${text.key}]`;
    }
  }
}
