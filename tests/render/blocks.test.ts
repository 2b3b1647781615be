import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { ACTION, answerFallbackText, answerToBlocks, homeBlocks, LIMITS, parseFeedbackValue, type BlockOptions, type KnownBlock } from '../../src/render/blocks.js';
import { citation, HOSTILE, makeAnswer, point } from '../helpers/answers.js';
import { verbatim } from '../../src/answer/messages.js';

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
    points: [point(`Point ${h}`, [1])],
    notes: [`Note ${h}`],
    citations: [citation(1, { title: `Title ${h}`, publisher: `Publisher ${h}`, quote: `Quote ${h}` }), citation(2, { url: null, title: `No url ${h}` })],
    suggestions: [{ label: `Label ${h}`, question: `Question ${h}` }],
  });
}

describe('answerToBlocks', () => {
  it('renders the headline bold, a section per point with citation markers, notes and a context per citation', () => {
    const blocks = answerToBlocks(makeAnswer());
    const sections = blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections[0]).toBe('*Vietnam attracted USD 26.14 billion of registered FDI in Jan–Jul 2025.*');
    expect(sections).toContain('• Registered FDI reached USD 26.14 billion in the first seven months. [1]');
    expect(sections).toContain('• Disbursed FDI was USD 13.6 billion. [1][2]');
    const all = texts(blocks).map((t) => t.text);
    expect(all).toContain('_Figures are for Jan–Jul 2025 only._');
    expect(all).toContain('[1] Vietnam Government Portal, 26 Aug 2025, <https://example.gov.vn/news/1|Vietnam integration report 1>');
    expect(all).toContain('[2] publisher not stated, date not stated, <https://example.gov.vn/news/2|Vietnam integration report 2>');
    expect(all).toContain('“Quoted passage number 1 from the seed text.”');
    expect(all[0]).toBe(':question: How much FDI did Vietnam attract in 2025?');
  });

  it('shows the escaped title without a link when a citation has no URL or an unsafe one', () => {
    const blocks = answerToBlocks(
      makeAnswer({ citations: [citation(1, { url: null, title: 'A & B' }), citation(2, { url: 'javascript:alert(1)', title: 'C' }), citation(3, { url: 'https://x.example/a|b', title: 'D' })] }),
    );
    const all = texts(blocks).map((t) => t.text);
    expect(all).toContain('[1] Vietnam Government Portal, 26 Aug 2025, A &amp; B');
    expect(all).toContain('[2] Vietnam Government Portal, 26 Aug 2025, C');
    expect(all).toContain('[3] Vietnam Government Portal, 26 Aug 2025, D');
    expect(angleSegments(blocks)).toEqual([]);
  });

  it('marks every mrkdwn text verbatim so Slack does not auto-link or parse mentions', () => {
    const mrkdwn = texts(answerToBlocks(hostileAnswer('@here https://evil.example'), { share: true, feedback: true })).filter((t) => t.type === 'mrkdwn');
    expect(mrkdwn.length).toBeGreaterThan(5);
    for (const t of mrkdwn) expect(t.verbatim).toBe(true);
  });

  it.each(HOSTILE)('shows %s as inert text wherever user or source text appears', (h) => {
    const answer = hostileAnswer(h);
    for (const intent of ['fdi', 'clarify']) {
      const blocks = answerToBlocks({ ...answer, intent }, { share: true, feedback: true });
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
      // question echo, headline, point, note, publisher, title (linked and unlinked), quote, suggestion
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

  it('uses one block per point and citation when they fit', () => {
    const blocks = answerToBlocks(makeAnswer({ points: Array.from({ length: 20 }, (_, i) => point(`p${i}`)) }));
    expect(blocks.filter((b) => b.type === 'section').length).toBe(21);
  });

  it('cuts a section at 3000 characters with "…" when a point is longer', () => {
    const blocks = answerToBlocks(makeAnswer({ points: [point('word '.repeat(2000), [1, 2])] }));
    const t = texts(blocks).find((x) => x.text.startsWith('• word'))!;
    expect(t.text.length).toBeLessThanOrEqual(3000);
    expect(t.text).toContain('…');
    expect(t.text.endsWith('[1][2]')).toBe(true);
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

  it('offers up to 3 "Did you mean…" buttons that each ask their question when the intent is clarify', () => {
    const suggestions = Array.from({ length: 5 }, (_, i) => ({ label: `Option ${i}`, question: `Question ${i}?` }));
    const blocks = answerToBlocks(makeAnswer({ intent: 'clarify', answered: false, suggestions }));
    const btns = buttons(blocks);
    expect(btns.map((b) => [b.action_id, b.text.text, b.value])).toEqual([
      ['integ_ask_0', 'Option 0', 'Question 0?'],
      ['integ_ask_1', 'Option 1', 'Question 1?'],
      ['integ_ask_2', 'Option 2', 'Question 2?'],
    ]);
    expect(texts(blocks).some((t) => t.text === '*Did you mean…*')).toBe(true);
  });

  it('lists example questions when the answer is unanswered', () => {
    const blocks = answerToBlocks(
      makeAnswer({ answered: false, intent: 'none', points: [], citations: [], suggestions: [{ label: 'FDI', question: 'FDI in 2025?' }, { label: 'x', question: 'Who chairs the committee?' }] }),
    );
    expect(texts(blocks).some((t) => t.text === '*Try asking:*\n• FDI in 2025?\n• Who chairs the committee?')).toBe(true);
    expect(buttons(blocks)).toEqual([]);
  });

  it('shows who shared only when the id looks like a Slack user id', () => {
    expect(JSON.stringify(answerToBlocks(makeAnswer(), { sharedBy: 'U123ABC' }))).toContain('Shared by <@U123ABC>');
    expect(JSON.stringify(answerToBlocks(makeAnswer(), { sharedBy: '!channel' }))).not.toContain('Shared by');
  });

  it('keeps every limit and escapes everything for arbitrary answers', () => {
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
      fc.property(arbAnswer, fc.boolean(), (answer, share) => {
        const blocks = answerToBlocks(answer as unknown as Answer, { share, feedback: share });
        expect(blocks.length).toBeLessThanOrEqual(50);
        const urls = new Set(answer.citations.map((c) => c.url?.replace(/&/g, '&amp;')));
        for (const t of texts(blocks)) {
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

