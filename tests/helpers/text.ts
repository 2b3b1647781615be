/** What a Text of an Answer reads as, in a language (English unless told): for tests that look at an answer's words. */
import type { Lang, Text } from '../../src/answer/types.js';
import { textIn } from '../../src/render/catalogue/index.js';

export const shown = (text: Text, lang: Lang = 'en'): string => textIn(lang, text);
