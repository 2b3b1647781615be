import { describe, expect, it } from 'vitest';
import { answerToJson, answerToText } from '../../src/render/text.js';
import { citation, makeAnswer, point } from '../helpers/answers.js';

describe('answerToText', () => {
  it('prints headline, points with [n], notes and sources when an answer has citations', () => {
    expect(answerToText(makeAnswer())).toBe(
      [
        'Vietnam attracted USD 26.14 billion of registered FDI in Jan–Jul 2025.',
        '- Registered FDI reached USD 26.14 billion in the first seven months. [1]',
        '- Disbursed FDI was USD 13.6 billion. [1][2]',
        'Note: Figures are for Jan–Jul 2025 only.',
        'Sources:',
        '[1] Vietnam Government Portal, 26 Aug 2025, Vietnam integration report 1 — https://example.gov.vn/news/1',
        '[2] publisher not stated, date not stated, Vietnam integration report 2 — https://example.gov.vn/news/2',
      ].join('\n'),
    );
  });

  it('leaves quotes out by default and prints them when asked', () => {
    expect(answerToText(makeAnswer())).not.toContain('Quoted passage');
    expect(answerToText(makeAnswer(), { quotes: true })).toContain('    "Quoted passage number 1 from the seed text."');
  });

  it('omits the url when a source has none', () => {
    const text = answerToText(makeAnswer({ citations: [citation(1, { url: null })] }));
    expect(text.split('\n')).toContain('[1] Vietnam Government Portal, 26 Aug 2025, Vietnam integration report 1');
    expect(text).not.toContain(' — ');
  });

  it('stays well under 1500 characters for a typical answer', () => {
    const typical = makeAnswer({
      points: Array.from({ length: 4 }, (_, i) => point(`Registered foreign direct investment in the period reached a new high of about USD ${i + 20} billion, up 27 percent year on year.`, [i + 1])),
      citations: Array.from({ length: 4 }, (_, i) => citation(i + 1, { title: 'Vietnam’s FDI inflows hit a record in the first seven months of 2025', quote: 'x'.repeat(800) })),
    });
    expect(answerToText(typical).length).toBeLessThan(1300);
  });

  it('keeps within its character budget, saying what it left out, when an answer is huge', () => {
    const huge = makeAnswer({
      headline: 'h'.repeat(5000),
      points: Array.from({ length: 40 }, (_, i) => point('p'.repeat(2000), [i + 1])),
      citations: Array.from({ length: 40 }, (_, i) => citation(i + 1, { title: 't'.repeat(1000), publisher: 'p'.repeat(500), url: `https://example.org/${'u'.repeat(900)}` })),
      notes: Array.from({ length: 10 }, () => 'n'.repeat(1000)),
    });
    const text = answerToText(huge);
    expect(text.length).toBeLessThanOrEqual(1400);
    expect(text).toContain('(39 more not shown)');
    expect(text).toContain('(39 more sources not shown)');
    expect(text.split('\n').filter((l) => l.startsWith('[')).map((l) => l.slice(0, 4))).toEqual(['[1] ']);
    expect(answerToText(huge, { maxChars: 100_000 }).split('\n').filter((l) => l.startsWith('[')).length).toBe(6);
  });

  it('writes labels, dates and missing details in Vietnamese when the answer is Vietnamese', () => {
    const lines = answerToText(makeAnswer({ lang: 'vi' })).split('\n');
    expect(lines).toContain('Lưu ý: Figures are for Jan–Jul 2025 only.');
    expect(lines).toContain('Nguồn:');
    expect(lines).toContain('[1] Vietnam Government Portal, 26/08/2025, Vietnam integration report 1 — https://example.gov.vn/news/1');
    expect(lines).toContain('[2] không rõ cơ quan đăng, không rõ ngày, Vietnam integration report 2 — https://example.gov.vn/news/2');
    expect(lines).not.toContain('Sources:');
  });

  it('shows a curated point’s source words beside it when the answer is not in the sources’ language', () => {
    const withQuote = (lang: 'en' | 'vi') => makeAnswer({ lang, points: [{ ...point('Vốn FDI đăng ký đạt 24,1 tỷ USD.'), quote: 'registered FDI reached 24.1 billion USD' }] });
    expect(answerToText(withQuote('vi'))).toContain('- Vốn FDI đăng ký đạt 24,1 tỷ USD. [1] — Nguyên văn nguồn (tiếng Anh): “registered FDI reached 24.1 billion USD”');
    expect(answerToText(withQuote('en'))).not.toContain('registered FDI reached');
  });

  it('keeps a huge Vietnamese answer within its character budget', () => {
    const huge = makeAnswer({
      lang: 'vi',
      headline: 'đ'.repeat(5000),
      points: Array.from({ length: 40 }, (_, i) => ({ ...point('ư'.repeat(2000), [i + 1]), quote: 'q'.repeat(3000) })),
      citations: Array.from({ length: 40 }, (_, i) => citation(i + 1, { title: 't'.repeat(1000) })),
      notes: Array.from({ length: 10 }, () => 'ơ'.repeat(1000)),
    });
    const text = answerToText(huge);
    expect(text.length).toBeLessThanOrEqual(1400);
    expect(text).toContain('(còn 39 ý chưa hiển thị)');
  });

  it('lists "Did you mean" questions when the intent is clarify', () => {
    const text = answerToText(makeAnswer({ intent: 'clarify', answered: false, points: [], citations: [], notes: [], headline: 'Which one?', suggestions: [{ label: 'a', question: 'FDI in 2025?' }] }));
    expect(text).toBe('Which one?\nDid you mean:\n  FDI in 2025?');
  });
});

describe('answerToJson', () => {
  it('gives question, answered, language, intent, text and every citation with null publisher when unknown', () => {
    const answer = makeAnswer({ citations: Array.from({ length: 9 }, (_, i) => citation(i + 1, { publisher: i === 0 ? null : 'VGP' })) });
    const json = answerToJson(answer);
    expect(Object.keys(json)).toEqual(['question', 'answered', 'lang', 'intent', 'text', 'citations']);
    expect(json.question).toBe(answer.question);
    expect(json.answered).toBe(true);
    expect(json.intent).toBe('fdi');
    expect(json.text).toBe(answerToText(answer));
    expect(json.citations).toHaveLength(9);
    expect(json.citations[0]).toEqual({
      source: '001_751a3c526faebcab',
      title: 'Vietnam integration report 1',
      publisher: null,
      published: '2025-08-26',
      url: 'https://example.gov.vn/news/1',
      quote: 'Quoted passage number 1 from the seed text.',
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
