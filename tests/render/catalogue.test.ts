import { describe, expect, it } from 'vitest';
import { LANGS } from '../../src/answer/types.js';
import { CATALOGUE } from '../../src/render/catalogue/index.js';
import { answerEn } from '../../src/render/catalogue/answer.js';
import { cliEn } from '../../src/render/catalogue/cli.js';
import { deadlinesEn } from '../../src/render/catalogue/deadlines.js';
import { digestEn } from '../../src/render/catalogue/digest.js';
import { remindersEn } from '../../src/render/catalogue/reminders.js';
import { homeEn } from '../../src/render/catalogue/home.js';
import { slackEn } from '../../src/render/catalogue/slack.js';
import { uiEn } from '../../src/render/catalogue/ui.js';
import { formatterFor } from '../../src/render/format.js';

describe('the message catalogue', () => {
  it('has every key in every language when a key is added to one of them', () => {
    const keys = (lang: (typeof LANGS)[number]) => Object.keys(CATALOGUE[lang]).sort();
    for (const lang of LANGS) expect({ lang, keys: keys(lang) }).toEqual({ lang, keys: keys('en') });
    expect(keys('en').length).toBeGreaterThan(0);
  });

  it('gives each key to one group only, so that no group silently overrides another', () => {
    const groups = [answerEn, digestEn, uiEn, cliEn, slackEn, remindersEn, homeEn, deadlinesEn].map((g) => Object.keys(g));
    const all = groups.flat();
    expect(all.filter((k, i) => all.indexOf(k) !== i)).toEqual([]);
    expect(new Set(all)).toEqual(new Set(Object.keys(CATALOGUE.en)));
  });
});

describe('formats', () => {
  it('writes dates, months and figures in Vietnamese conventions when the language is Vietnamese', () => {
    const vi = formatterFor('vi');
    expect(vi.date('2026-01-14')).toBe('14/01/2026');
    expect(vi.date('2025-09')).toBe('tháng 9/2025');
    expect(vi.figure({ value: 28, valueMax: 29, qualifier: 'about', unit: { en: 'US${v} billion', vi: '{v} tỷ USD' } })).toBe('khoảng 28–29 tỷ USD');
    expect(vi.number(7.52)).toBe('7,52');
    expect(vi.number(2200)).toBe('2.200');
    expect(vi.time({ kind: 'months', year: 2025, from: 1, to: 7 })).toBe('7 tháng đầu năm 2025');
    expect(vi.time({ kind: 'months', year: 2025, from: 1, to: 12 })).toBe('cả năm 2025');
  });

  it('writes them in English conventions when the language is English', () => {
    const en = formatterFor('en');
    expect(en.date('2026-01-14')).toBe('14 Jan 2026');
    expect(en.date('2025-09')).toBe('Sep 2025');
    expect(en.figure({ value: 38.42, valueMax: null, qualifier: 'over', unit: { en: 'US${v} billion', vi: '{v} tỷ USD' } })).toBe('over US$38.42 billion');
    expect(en.time({ kind: 'months', year: 2025, from: 1, to: 7 })).toBe('Jan–Jul 2025');
    expect(en.time({ kind: 'span', start: '2021-01', end: '2025-12' })).toBe('2021–2025');
  });
});
