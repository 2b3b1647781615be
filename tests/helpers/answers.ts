/** Hand-built Answers for renderer and Slack tests (no knowledge base needed). */
import type { Answer, Citation, Point } from '../../src/answer/types.js';
import { emptySlots } from '../../src/answer/types.js';

export function citation(n: number, over: Partial<Citation> = {}): Citation {
  return {
    n,
    source: `00${n % 10}_751a3c526faebcab`,
    title: `Vietnam integration report ${n}`,
    publisher: 'Vietnam Government Portal',
    published: '2025-08-26',
    url: `https://example.gov.vn/news/${n}`,
    quote: `Quoted passage number ${n} from the seed text.`,
    ...over,
  };
}

export function point(text: string, cites: number[] = [1]): Point {
  return { text, cites };
}

export function makeAnswer(over: Partial<Answer> = {}): Answer {
  return {
    question: 'How much FDI did Vietnam attract in 2025?',
    answered: true,
    intent: 'fdi',
    headline: 'Vietnam attracted USD 26.14 billion of registered FDI in Jan–Jul 2025.',
    points: [point('Registered FDI reached USD 26.14 billion in the first seven months.', [1]), point('Disbursed FDI was USD 13.6 billion.', [1, 2])],
    citations: [citation(1), citation(2, { publisher: null, published: null })],
    notes: ['Figures are for Jan–Jul 2025 only.'],
    suggestions: [],
    slots: { ...emptySlots(), years: [2025] },
    ...over,
  };
}

/** Every string a hostile user might type to ping, mention, link or inject. */
export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S1>',
  '<@U1>',
  '<#C1>',
  '<https://evil.example|Payroll>',
  '<!date^0^{date}|x>',
  'Tom & Jerry',
];
