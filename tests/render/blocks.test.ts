import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { ACTION, answerFallbackText, answerToBlocks, homeBlocks, LIMITS, parseFeedbackValue, parseReaskValue, sourcesToBlocks, thankedBlocks, type BlockOptions, type KnownBlock } from '../../src/render/blocks.js';
import type { AnswerMessages } from '../../src/answer/messages.js';
import { loadEngine } from '../../src/engine.js';
import { textIn } from '../../src/render/catalogue/index.js';
import { escapeText } from '../../src/render/escape.js';
import { formatterFor } from '../../src/render/format.js';
import { citation, HOSTILE, makeAnswer, point } from '../helpers/answers.js';
import { say, verbatim } from '../../src/answer/messages.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every text object in the blocks, with its kind. */
function texts(blocks: KnownBlock[]): { type: string; text: string; verbatim?: boolean; where: string }[] {
  const out: { type: string; text: string; verbatim?: boolean; where: string }[] = [];
  const visit = (v: unknown, where: string) => {
    if (Array.isArray(v)) v.forEach((x) => visit(x, where));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') {
        out.push({ type: o.type, text: o.text, verbatim: o.verbatim as boolean | undefined, where });
      }
      for (const [k, x] of Object.entries(o)) visit(x, typeof o.type === 'string' && k !== 'text' ? `${where}/${o.type}` : where);
    }
  };
  visit(blocks, '');
  return out;
}

const buttons = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as { type: string; action_id: string; value: string; text: { text: string } }[]) : []));

/** All `<…>` segments in any text, which must all be links to the allowed URLs. */
function angleSegments(blocks: KnownBlock[]): string[] {
  return texts(blocks).flatMap((t) => t.text.match(/<[^>]*>?/g) ?? []);
}

function hostileAnswer(h: string): Answer {
  return makeAnswer({
    question: `FDI ${h}?`,
    headline: `Headline ${h}`,
    notes: [`Note ${h}`],
    citations: [citation(1, { title: `Title ${h}`, publisher: `Publisher ${h}`, quote: `Quote ${h}` }), citation(2, { url: null, title: `No url ${h}` })],
    points: [point(`Point ${h}`, [1, 2])],
    suggestions: [{ label: `Label ${h}`, question: `Question ${h}` }],
  });
}

describe('answerToBlocks', () => {
  it('leads with the headline bold, then a bullet per point with its markers, notes in the body and compact citations when the top point is no curated fact', () => {
    const blocks = answerToBlocks(makeAnswer());
    const sections = blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections[0]).toBe('*Vietnam attracted USD 26.14 billion of registered FDI in Jan–Jul 2025.*');
    expect(sections[1]).toBe(
      '• Registered FDI reached USD 26.14 billion in the first seven months. <https://example.gov.vn/news/1|[1]>\n• Disbursed FDI was USD 13.6 billion. <https://example.gov.vn/news/1|[1]><https://example.gov.vn/news/2|[2]>',
    );
    expect(sections[2]).toBe('_Figures are for Jan–Jul 2025 only._');
    const contexts = blocks.filter((b) => b.type === 'context').flatMap((b) => (b as { elements: { text: string }[] }).elements.map((e) => e.text));
    expect(contexts[0]).toBe(':question: How much FDI did Vietnam attract in 2025?');
    expect(contexts[1]).toBe(
      '<https://example.gov.vn/news/1|[1]> Vietnam Government Portal · 26 Aug 2025 · Vietnam integration report 1\n<https://example.gov.vn/news/2|[2]> example.gov.vn · Vietnam integration report 2',
    );
    expect(JSON.stringify(blocks)).not.toContain('Quoted passage');
  });

  it('shows the escaped title without a link when a citation has no URL or an unsafe one', () => {
    const blocks = answerToBlocks(
      makeAnswer({
        points: [point('p', [1, 2, 3])],
        citations: [citation(1, { url: null, title: 'A & B' }), citation(2, { url: 'javascript:alert(1)', title: 'C' }), citation(3, { url: 'https://x.example/a|b', title: 'D' })],
      }),
    );
    const all = texts(blocks).map((t) => t.text);
    expect(all).toContain('[1] Vietnam Government Portal · 26 Aug 2025 · A &amp; B\n[2] Vietnam Government Portal · 26 Aug 2025 · C\n[3] Vietnam Government Portal · 26 Aug 2025 · D');
    expect(all).toContain('• p [1][2][3]');
    expect(angleSegments(blocks)).toEqual([]);
  });

  it('names the site of the URL when the publisher is unknown, and leaves out what is unknown, never saying "not stated"', () => {
    const blocks = answerToBlocks(
      makeAnswer({ points: [point('p', [1, 2])], citations: [citation(1, { publisher: null, url: 'https://www.baochinhphu.vn/a.htm' }), citation(2, { publisher: null, url: null, published: null })] }),
    );
    const lines = texts(blocks).filter((t) => t.where === '/context').map((t) => t.text).join('\n');
    expect(lines).toContain('<https://www.baochinhphu.vn/a.htm|[1]> baochinhphu.vn · 26 Aug 2025 · Vietnam integration report 1');
    expect(lines).toContain('[2] Vietnam integration report 2');
    expect(lines).not.toMatch(/not stated/);
  });

  it('cuts a long title to 60 characters with "…" in the answer, and shows it whole in the sources', () => {
    const title = 'Prime Minister chairs the conference summarising 2025 and deploying 2026 tasks of the Committee';
    const answer = makeAnswer({ points: [point('p', [1])], citations: [citation(1, { title })] });
    const line = texts(answerToBlocks(answer)).find((t) => t.text.includes('Prime Minister'))!.text;
    const shownTitle = line.split(' · ').pop()!;
    expect(shownTitle.length).toBeLessThanOrEqual(60);
    expect(shownTitle.endsWith('…')).toBe(true);
    expect(title.startsWith(shownTitle.slice(0, -1))).toBe(true);
    expect(JSON.stringify(sourcesToBlocks(answer))).toContain(title);
  });

  it('lists only the sources the shown points and notes cite', () => {
    const answer = makeAnswer({ points: [point('p', [2])], notes: [], citations: [citation(1), citation(2), citation(3)] });
    const lines = texts(answerToBlocks(answer)).filter((t) => t.where === '/context').map((t) => t.text).join('\n');
    expect(lines).toContain('[2]');
    expect(lines).not.toContain('[1]');
    expect(lines).not.toContain('[3]');
  });

  it('marks every mrkdwn text verbatim so Slack does not auto-link or parse mentions', () => {
    const mrkdwn = texts(answerToBlocks(hostileAnswer('@here https://evil.example'), { share: true, feedback: true })).filter((t) => t.type === 'mrkdwn');
    expect(mrkdwn.length).toBeGreaterThan(5);
    for (const t of mrkdwn) expect(t.verbatim).toBe(true);
  });

  it.each(HOSTILE)('shows %s as inert text wherever user or source text appears', (h) => {
    const answer = hostileAnswer(h);
    for (const intent of ['fdi', 'clarify']) {
      const blocks = answerToBlocks({ ...answer, intent }, { share: true, feedback: true, quotes: true });
      const allowed = new Set(answer.citations.map((c) => c.url));
      for (const seg of angleSegments(blocks)) {
        const m = /^<(https:\/\/[^|<>]+)\|[^<>]*>$/.exec(seg);
        expect(m, `unexpected markup ${seg}`).not.toBeNull();
        expect(allowed.has(m![1])).toBe(true);
      }
      // (button values are data sent back to integ, never shown: only text objects matter)
      const shown = JSON.stringify(texts(blocks));
      for (const bad of ['<!', '<@', '<#', '<https://evil']) expect(shown).not.toContain(bad);
      const all = texts(blocks).map((t) => t.text).join('\n');
      const escaped = h.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      // question echo, headline, point, note, publisher, title (linked and unlinked), quote, suggestion (a button)
      for (const where of ['FDI ', 'Headline ', 'Point ', 'Note ', 'Publisher ', 'Title ', 'No url ', 'Quote ']) expect(all).toContain(`${where}${escaped}`);
      expect(all).toContain(intent === 'clarify' ? `Label ${escaped}` : `Question ${escaped}`);
    }
  });

  it('escapes & in the fallback text and keeps it within the limit', () => {
    const text = answerFallbackText(makeAnswer({ headline: 'Tom & Jerry <!here>'.repeat(400) }));
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(text).not.toMatch(/[<>]/);
    expect(text.startsWith('Tom &amp; Jerry &lt;!here&gt;')).toBe(true);
  });

  it('stays within 50 blocks and keeps the buttons when an answer has hundreds of points and citations', () => {
    const many = makeAnswer({
      points: Array.from({ length: 300 }, (_, i) => point(`Point ${i} `.repeat(30), [i % 80 + 1])),
      citations: Array.from({ length: 80 }, (_, i) => citation(i + 1, { quote: 'q'.repeat(2000) })),
      notes: Array.from({ length: 30 }, (_, i) => `note ${i} `.repeat(50)),
    });
    const blocks = answerToBlocks(many, { share: true, feedback: true });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks[blocks.length - 1].type).toBe('actions');
    for (const t of texts(blocks)) expect(t.text.length).toBeLessThanOrEqual(3000);
    for (const b of blocks) if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(blocks)).toContain('[80]');
  });

  it('packs the points into one section when they fit in 3000 characters', () => {
    const blocks = answerToBlocks(makeAnswer({ points: Array.from({ length: 20 }, (_, i) => point(`p${i}`)) }));
    const sections = blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections.filter((t) => t.startsWith('• '))).toHaveLength(1);
    expect(sections.find((t) => t.startsWith('• '))!.split('\n')).toHaveLength(20);
  });

  it('cuts a point at 3000 characters with "…", keeping its markers whole, when a point is longer', () => {
    const blocks = answerToBlocks(makeAnswer({ points: [point('word '.repeat(2000), [1, 2])] }));
    const t = texts(blocks).find((x) => x.text.startsWith('• word'))!;
    expect(t.text.length).toBeLessThanOrEqual(3000);
    expect(t.text).toContain('…');
    expect(t.text.endsWith(' <https://example.gov.vn/news/1|[1]><https://example.gov.vn/news/2|[2]>')).toBe(true);
  });

  it('does not split surrogate pairs when cutting emoji-heavy text', () => {
    const e = '😀';
    const blocks = answerToBlocks(
      makeAnswer({ question: e.repeat(3000), headline: e.repeat(3000), points: [point(e.repeat(3000))], suggestions: [{ label: e.repeat(100), question: e.repeat(1500) }], intent: 'clarify' }),
    );
    for (const t of texts(blocks)) expect(t.text).not.toMatch(loneSurrogate);
    for (const b of buttons(blocks)) expect(b.value).not.toMatch(loneSurrogate);
  });

  it('adds "Share in channel" and feedback buttons when asked', () => {
    const answer = makeAnswer({ question: 'FDI & trade?' });
    const btns = buttons(answerToBlocks(answer, { share: true, feedback: true }));
    expect(btns.map((b) => b.action_id)).toEqual([ACTION.share, ACTION.feedbackUp, ACTION.feedbackDown]);
    expect(btns[0].text.text).toBe('Share in channel');
    expect(btns[0].value).toBe('FDI & trade?');
    expect(parseFeedbackValue(btns[1].value)).toEqual({ q: 'FDI & trade?', i: 'fdi', l: 'en' });
    expect(buttons(answerToBlocks(answer))).toEqual([]);
  });

  it('keeps button text within 75 and values within 2000 characters when the question is huge', () => {
    const answer = makeAnswer({ question: '"q"\\'.repeat(3000), intent: 'clarify', suggestions: [{ label: 'L'.repeat(500), question: 'Q'.repeat(5000) }] });
    const btns = buttons(answerToBlocks(answer, { share: true, feedback: true }));
    expect(btns.length).toBe(4);
    for (const b of btns) {
      expect(b.text.text.length).toBeLessThanOrEqual(75);
      expect(b.value.length).toBeLessThanOrEqual(2000);
    }
    expect(parseFeedbackValue(btns.find((b) => b.action_id === ACTION.feedbackUp)!.value)?.q.startsWith('"q"\\')).toBe(true);
  });

  it('offers up to 3 "Did you mean…" buttons that each ask their question, the lead-in said once in the headline, when the intent is clarify', () => {
    const suggestions = Array.from({ length: 5 }, (_, i) => ({ label: `Option ${i}`, question: `Question ${i}?` }));
    const blocks = answerToBlocks(makeAnswer({ intent: 'clarify', answered: false, headline: say('answer.didYouMean'), points: [], citations: [], notes: [], suggestions }));
    const btns = buttons(blocks);
    expect(btns.map((b) => [b.action_id, b.text.text, b.value])).toEqual([
      ['integ_ask_0', 'Option 0', 'Question 0?'],
      ['integ_ask_1', 'Option 1', 'Question 1?'],
      ['integ_ask_2', 'Option 2', 'Question 2?'],
    ]);
    expect(texts(blocks).filter((t) => t.text.includes('Did you mean')).map((t) => t.text)).toEqual(['*I’m not sure what you meant. Did you mean…*']);
  });

  it('offers example questions as buttons under one "Try asking:" when the answer is unanswered', () => {
    const blocks = answerToBlocks(
      makeAnswer({ answered: false, intent: 'none', points: [], citations: [], suggestions: [{ label: 'FDI', question: 'FDI in 2025?' }, { label: 'x', question: 'Who chairs the committee?' }] }),
    );
    expect(texts(blocks).filter((t) => /Try asking/.test(t.text)).map((t) => t.text)).toEqual(['*Try asking:*']);
    expect(buttons(blocks).map((b) => [b.action_id, b.text.text, b.value])).toEqual([
      ['integ_ask_0', 'FDI in 2025?', 'FDI in 2025?'],
      ['integ_ask_1', 'Who chairs the committee?', 'Who chairs the committee?'],
    ]);
  });

  it('shows who shared only when the id looks like a Slack user id', () => {
    expect(JSON.stringify(answerToBlocks(makeAnswer(), { sharedBy: 'U123ABC' }))).toContain('Shared by <@U123ABC>');
    expect(JSON.stringify(answerToBlocks(makeAnswer(), { sharedBy: '!channel' }))).not.toContain('Shared by');
  });

  it('keeps every limit and escapes everything for arbitrary answers, their sources and their thanked form', () => {
    const words = fc.string({ unit: 'grapheme', maxLength: 400 });
    const text = words.map(verbatim);
    const arbAnswer = fc.record({
      question: words,
      answered: fc.boolean(),
      lang: fc.constantFrom('en' as const, 'vi' as const),
      intent: fc.constantFrom('fdi', 'clarify', 'none', 'passages'),
      headline: text,
      points: fc.array(fc.record({ text, cites: fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 4 }) }), { maxLength: 70 }),
      citations: fc.array(
        fc.record({
          n: fc.integer({ min: 1, max: 70 }),
          source: fc.constant('000_751a3c526faebcab'),
          title: words,
          publisher: fc.option(words, { nil: null }),
          published: fc.option(fc.constantFrom('2025-08-26', '2024-01-01'), { nil: null }),
          url: fc.option(fc.oneof(fc.webUrl(), words), { nil: null }),
          quote: words,
        }),
        { maxLength: 70 },
      ),
      notes: fc.array(text, { maxLength: 15 }),
      suggestions: fc.array(fc.record({ label: text, question: words }), { maxLength: 8 }),
      slots: fc.constant({ years: [], period: null, places: [], docs: [] }),
    });
    fc.assert(
      fc.property(arbAnswer, fc.boolean(), fc.boolean(), (answer, share, reask) => {
        const blocks = answerToBlocks(answer as unknown as Answer, { share, feedback: share, reask, quotes: !reask });
        const sources = sourcesToBlocks(answer as unknown as Answer);
        const thanked = thankedBlocks(JSON.parse(JSON.stringify(blocks)), answer.lang);
        for (const b of [blocks, sources, thanked]) expect(b.length).toBeLessThanOrEqual(50);
        const urls = new Set(answer.citations.map((c) => c.url?.replace(/&/g, '&amp;')));
        for (const t of texts([...blocks, ...sources, ...thanked])) {
          expect(t.text.length).toBeLessThanOrEqual(3000);
          expect(t.text).not.toMatch(loneSurrogate);
          for (const seg of t.text.match(/<[^>]*>?/g) ?? []) {
            const m = /^<(https?:\/\/[^|<>\s]+)\|[^<>]*>$/.exec(seg);
            expect(m && urls.has(m[1]), seg).toBeTruthy();
          }
        }
        for (const b of buttons(blocks)) {
          expect(b.text.text.length).toBeLessThanOrEqual(75);
          expect(b.value.length).toBeLessThanOrEqual(2000);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('homeBlocks', () => {
  it('stays within 100 blocks and shows examples and deadlines when there are many deadlines', () => {
    const help = makeAnswer({ intent: 'help', question: 'help', headline: 'I answer questions about <integration>', suggestions: [{ label: 'a', question: 'FDI in 2025?' }] });
    const deadlines = makeAnswer({ intent: 'deadlines', points: Array.from({ length: 150 }, (_, i) => point(`Deadline ${i}`)) });
    const blocks = homeBlocks({ help, deadlines });
    expect(blocks.length).toBeLessThanOrEqual(100);
    const all = texts(blocks).map((t) => t.text).join('\n');
    expect(all).toContain('I answer questions about &lt;integration&gt;');
    expect(all).toContain('FDI in 2025?');
    expect(all).toContain('Upcoming deadlines');
    expect(all).toContain('Deadline 0');
    expect(all).not.toContain(':question: help');
  });
});


describe('answerToBlocks with the engine’s answers', () => {
  const engine = loadEngine();
  const sectionTexts = (blocks: KnownBlock[]) => blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
  const factOf = (a: Answer) => (a.points[0].text as { params: AnswerMessages['answer.fact'] }).params;

  it('leads with the figure and its period in bold, then the statement and its linked markers, when the top point is a curated fact with a figure', () => {
    const answer = engine.ask('fdi 2025');
    const fact = factOf(answer);
    expect(fact.figure).not.toBeNull();
    const f = formatterFor('en');
    const figure = f.figure(fact.figure!);
    const lead = sectionTexts(answerToBlocks(answer))[0];
    expect(lead.startsWith(`*${figure[0].toUpperCase()}${figure.slice(1)} (${f.time(fact.period!)})* — ${fact.statement.en}`)).toBe(true);
    for (const n of answer.points[0].cites) expect(lead).toMatch(new RegExp(`\\[${n}\\]`));
    // the headline (topic and time asked) is the caption of the question, above the answer
    expect(texts(answerToBlocks(answer))[1].text).toBe(textIn('en', answer.headline));
  });

  it('shows timelines and disagreements in the body, before the citations, when the sources differ', () => {
    const answer = engine.ask('how many FTAs does Vietnam have');
    const differ = answer.notes.find((n) => n.kind === 'msg' && n.key === 'answer.differ');
    expect(differ).toBeDefined();
    const blocks = answerToBlocks(answer);
    const at = blocks.findIndex((b) => b.type === 'section' && (b as { text: { text: string } }).text.text.includes(':warning: Sources differ:'));
    const citationsAt = blocks.findIndex((b, i) => i > 0 && b.type === 'context');
    expect(at).toBeGreaterThan(0);
    expect(citationsAt).toBeGreaterThan(at);
  });

  it('links [n] to its source in the points, the notes and the citations wherever the source has a URL', () => {
    const answer = engine.ask('fdi 2025');
    const withUrl = answer.citations.filter((c) => c.url);
    expect(withUrl.length).toBeGreaterThan(0);
    const shown = JSON.stringify(answerToBlocks(answer));
    for (const c of withUrl) expect(shown).toContain(`<${c.url}|[${c.n}]>`);
    for (const c of answer.citations.filter((x) => !x.url)) expect(shown).not.toContain(`|[${c.n}]>`);
    expect(shown).not.toContain('not stated');
  });

  it('leaves the verbatim quotes out and offers "Show sources" with the question, when the answer can be asked again', () => {
    const answer = engine.ask('fdi 2025');
    const blocks = answerToBlocks(answer, { reask: true, feedback: true });
    for (const c of answer.citations) expect(JSON.stringify(blocks)).not.toContain(c.quote.slice(0, 40));
    const sources = buttons(blocks).find((b) => b.action_id === ACTION.sources)!;
    expect(parseReaskValue(sources.value)).toEqual({ q: 'fdi 2025', l: 'en' });
    const shown = JSON.stringify(sourcesToBlocks(answer));
    for (const c of answer.citations) expect(shown).toContain(escapeText(c.quote.replace(/\s+/g, ' ').trim(), 200).slice(0, 60));
  });

  it('shows the first points and a "Show all N points" button, and cites only their sources, when a re-askable answer has more', () => {
    const answer = engine.ask('What tasks did the PM set for international integration in 2026?');
    expect(answer.points.length).toBeGreaterThan(LIMITS.points);
    const blocks = answerToBlocks(answer, { reask: true });
    const more = buttons(blocks).find((b) => b.action_id === ACTION.allPoints)!;
    expect(more.text.text).toBe(`Show all ${answer.points.length} points`);
    expect(parseReaskValue(more.value)?.q).toBe(answer.question);
    const bullets = sectionTexts(blocks).flatMap((t) => t.split('\n')).filter((l) => l.startsWith('• '));
    expect(bullets).toHaveLength(LIMITS.points - 1);
    const all = answerToBlocks(answer, { reask: true, allPoints: true });
    expect(sectionTexts(all).flatMap((t) => t.split('\n')).filter((l) => l.startsWith('• '))).toHaveLength(answer.points.length - 1);
    expect(buttons(all).map((b) => b.action_id)).not.toContain(ACTION.allPoints);
  });

  it('offers example questions as buttons, said once, when it cannot answer', () => {
    const answer = engine.ask('zzzz qqqq');
    expect(answer.answered).toBe(false);
    const blocks = answerToBlocks(answer);
    expect(buttons(blocks).map((b) => b.value)).toEqual(answer.suggestions.slice(0, LIMITS.examples).map((s) => s.question));
    expect(JSON.stringify(blocks).match(/Try asking/g)).toHaveLength(1);
  });

  it('asks "Did you mean…" once, in the headline, with a button per choice, when the question is close to two', () => {
    const answer = engine.ask('steering comitee');
    expect(answer.intent).toBe('clarify');
    const blocks = answerToBlocks(answer);
    expect(buttons(blocks).map((b) => b.value)).toEqual(answer.suggestions.map((s) => s.question));
    expect(JSON.stringify(blocks).match(/Did you mean/g)).toHaveLength(1);
  });

  it('writes the direct answer, the buttons and the dates in Vietnamese when the answer is Vietnamese', () => {
    const answer = engine.ask('vốn FDI năm 2025');
    expect(answer.lang).toBe('vi');
    const fact = factOf(answer);
    const blocks = answerToBlocks(answer, { reask: true, feedback: true, share: true });
    const figure = formatterFor('vi').figure(fact.figure!);
    expect(sectionTexts(blocks)[0].startsWith(`*${figure[0].toUpperCase()}${figure.slice(1)} (${formatterFor('vi').time(fact.period!)})* — ${fact.statement.vi}`)).toBe(true);
    expect(buttons(blocks).map((b) => b.text.text)).toEqual(['Chia sẻ vào kênh', 'Xem nguồn', '👍 Hữu ích', '👎 Chưa hữu ích']);
    expect(JSON.stringify(blocks)).toMatch(/ · \d{2}\/\d{2}\/\d{4} · /);
  });
});

describe('thankedBlocks', () => {
  it('replaces only the 👍/👎 buttons with "Thanks — noted" in the clicker’s language when a vote is in', () => {
    const blocks = answerToBlocks(loadEngine().ask('fdi 2025'), { reask: true, feedback: true, share: true });
    for (const [lang, thanks] of [
      ['en', 'Thanks — noted'],
      ['vi', 'Cảm ơn — đã ghi nhận'],
    ] as const) {
      const after = thankedBlocks(JSON.parse(JSON.stringify(blocks)), lang);
      expect(buttons(after).map((b) => b.action_id)).toEqual([ACTION.share, ACTION.sources]);
      expect(after.slice(0, -1)).toEqual([...blocks.slice(0, -1), { ...blocks[blocks.length - 1], elements: buttons(after) }]);
      expect(JSON.stringify(after[after.length - 1])).toContain(thanks);
      // a second vote on the same message does not thank twice
      expect(thankedBlocks(after, lang)).toEqual(after);
    }
  });
});
