import { describe, expect, it } from 'vitest';
import { answerToJson, answerToText } from '../../src/render/text.js';
import { citation, makeAnswer, point } from '../helpers/answers.js';
import { say } from '../../src/answer/messages.js';
import type { AnswerMessages } from '../../src/answer/messages.js';
import { loadEngine } from '../../src/engine.js';
import { textIn } from '../../src/render/catalogue/index.js';
import { formatterFor } from '../../src/render/format.js';

describe('answerToText', () => {
  it('prints headline, points with [n], notes and compact sources with their URL when an answer has citations', () => {
    expect(answerToText(makeAnswer())).toBe(
      [
        'Vietnam attracted USD 26.14 billion of registered FDI in Jan–Jul 2025.',
        '- Registered FDI reached USD 26.14 billion in the first seven months. [1]',
        '- Disbursed FDI was USD 13.6 billion. [1][2]',
        'Note: Figures are for Jan–Jul 2025 only.',
        'Sources:',
        '[1] Vietnam Government Portal · 26 Aug 2025 · Vietnam integration report 1 — https://example.gov.vn/news/1',
        '[2] example.gov.vn · Vietnam integration report 2 — https://example.gov.vn/news/2',
      ].join('\n'),
    );
  });

  it('leaves quotes out by default and prints them when asked', () => {
    expect(answerToText(makeAnswer())).not.toContain('Quoted passage');
    expect(answerToText(makeAnswer(), { quotes: true })).toContain('    "Quoted passage number 1 from the seed text."');
  });

  it('omits the url when a source has none', () => {
    const text = answerToText(makeAnswer({ citations: [citation(1, { url: null })] }));
    expect(text.split('\n')).toContain('[1] Vietnam Government Portal · 26 Aug 2025 · Vietnam integration report 1');
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
    // the one point shown cites one source: the only one listed
    expect(text.split('\n').filter((l) => l.startsWith('[')).map((l) => l.slice(0, 4))).toEqual(['[1] ']);
    expect(text).not.toContain('sources not shown');
    const roomy = answerToText(huge, { maxChars: 100_000 });
    expect(roomy.split('\n').filter((l) => l.startsWith('[')).length).toBe(6);
    expect(roomy).toContain('(2 more sources not shown)');
  });

  it('writes labels, dates and missing details in Vietnamese when the answer is Vietnamese', () => {
    const lines = answerToText(makeAnswer({ lang: 'vi' })).split('\n');
    expect(lines).toContain('Lưu ý: Figures are for Jan–Jul 2025 only.');
    expect(lines).toContain('Nguồn:');
    expect(lines).toContain('[1] Vietnam Government Portal · 26/08/2025 · Vietnam integration report 1 — https://example.gov.vn/news/1');
    expect(lines).toContain('[2] example.gov.vn · Vietnam integration report 2 — https://example.gov.vn/news/2');
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

  it('lists "Did you mean" questions under the headline that asks it, the lead-in said once, when the intent is clarify', () => {
    const text = answerToText(makeAnswer({ intent: 'clarify', answered: false, points: [], citations: [], notes: [], headline: say('answer.didYouMean'), suggestions: [{ label: 'a', question: 'FDI in 2025?' }] }));
    expect(text).toBe('I’m not sure what you meant. Did you mean…\n  FDI in 2025?');
  });
});

describe('answerToText with the engine’s answers', () => {
  const engine = loadEngine();
  const lines = (text: string) => text.split('\n');

  it('leads with the figure and its period, then every point, the timelines and disagreements, and compact sources with their URL', () => {
    const answer = engine.ask('fdi 2025');
    const text = answerToText(answer);
    const fact = (answer.points[0].text as { params: AnswerMessages['answer.fact'] }).params;
    const figure = formatterFor('en').figure(fact.figure!);
    const [title, direct, ...rest] = lines(text);
    expect(title).toBe(textIn('en', answer.headline));
    expect(direct.startsWith(`- ${figure[0].toUpperCase()}${figure.slice(1)} (${formatterFor('en').time(fact.period!)}) — ${fact.statement.en}`)).toBe(true);
    expect(rest.filter((l) => l.startsWith('- '))).toHaveLength(answer.points.length - 1);
    const sourcesAt = rest.indexOf('Sources:');
    for (const n of answer.notes.filter((x) => x.kind === 'msg' && ['answer.timeline', 'answer.differ', 'answer.claims'].includes(x.key))) {
      const at = rest.indexOf(textIn('en', n));
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThan(sourcesAt);
    }
    for (const c of answer.citations) {
      const line = rest.find((l) => l.startsWith(`[${c.n}] `))!;
      expect(line).toBeDefined();
      if (c.url) expect(line.endsWith(` — ${c.url}`)).toBe(true);
    }
    expect(text).not.toContain('not stated');
    expect(text.length).toBeLessThanOrEqual(1500);
  });

  it('never lists a source whose point is not shown when points are left out', () => {
    const answer = engine.ask('fdi 2025');
    const text = answerToText(answer, { maxPoints: 1, maxChars: 100_000 });
    const cited = new Set(answer.points[0].cites);
    for (const n of answer.notes) if (n.kind === 'msg' && 'steps' in n.params) for (const s of (n.params as { steps: { cite: number }[] }).steps) cited.add(s.cite);
    for (const n of answer.notes) if (n.kind === 'msg' && 'claims' in n.params) for (const c of (n.params as { claims: { cite: number }[] }).claims) cited.add(c.cite);
    const listed = lines(text).filter((l) => /^\[\d+\] /.test(l)).map((l) => Number(/^\[(\d+)\]/.exec(l)![1]));
    expect(listed.length).toBeGreaterThan(0);
    for (const n of listed) expect(cited.has(n)).toBe(true);
    const noNotes = answerToText({ ...answer, notes: [] }, { maxPoints: 1, maxChars: 100_000 });
    expect(lines(noNotes).filter((l) => /^\[\d+\] /.test(l)).map((l) => Number(/^\[(\d+)\]/.exec(l)![1]))).toEqual([...answer.points[0].cites].sort((a, b) => a - b));
  });

  it('writes the direct answer and the sources in Vietnamese, with the source’s own words beside the fact, when the answer is Vietnamese', () => {
    const answer = engine.ask('vốn FDI năm 2025');
    const text = answerToText(answer);
    const fact = (answer.points[0].text as { params: AnswerMessages['answer.fact'] }).params;
    const figure = formatterFor('vi').figure(fact.figure!);
    expect(lines(text)[1].startsWith(`- ${figure[0].toUpperCase()}${figure.slice(1)} (${formatterFor('vi').time(fact.period!)}) — ${fact.statement.vi}`)).toBe(true);
    expect(lines(text)[1]).toContain('Nguyên văn nguồn (tiếng Anh): “');
    expect(lines(text)).toContain('Nguồn:');
    expect(text).toMatch(/ · \d{2}\/\d{2}\/\d{4} · /);
  });

  it('offers example questions under one "Try asking:" when it cannot answer', () => {
    const text = answerToText(engine.ask('zzzz qqqq'));
    expect(text.match(/Try asking/g)).toHaveLength(1);
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
