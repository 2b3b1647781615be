/** Hand-built Answers for renderer and Slack tests (no knowledge base needed). */
import { verbatim } from '../../src/answer/messages.js';
import type { Answer, Citation, Point, Text } from '../../src/answer/types.js';
import { emptySlots } from '../../src/answer/types.js';

/** Test shorthand: a plain string stands for words shown as they are. */
type Loose<T> = T | string;
const text = (t: Loose<Text>): Text => (typeof t === 'string' ? verbatim(t) : t);

/** An Answer's fields, with plain strings where the Answer has Text. */
export type AnswerInput = Omit<Partial<Answer>, 'headline' | 'notes' | 'points' | 'suggestions'> & {
  headline?: Loose<Text>;
  notes?: Loose<Text>[];
  points?: (Omit<Point, 'text'> & { text: Loose<Text> })[];
  suggestions?: { label: Loose<Text>; question: string }[];
};

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

export function point(t: Loose<Text>, cites: number[] = [1]): Point {
  return { text: text(t), cites };
}

export function makeAnswer(input: AnswerInput = {}): Answer {
  const { headline, notes, points, suggestions, ...rest } = input;
  const over: Partial<Answer> = { ...rest };
  if (headline !== undefined) over.headline = text(headline);
  if (notes) over.notes = notes.map(text);
  if (points) over.points = points.map((p) => ({ ...p, text: text(p.text) }));
  if (suggestions) over.suggestions = suggestions.map((x) => ({ ...x, label: text(x.label) }));
  return {
    question: 'How much FDI did Vietnam attract in 2025?',
    answered: true,
    lang: 'en',
    intent: 'fdi',
    headline: verbatim('Vietnam attracted USD 26.14 billion of registered FDI in Jan–Jul 2025.'),
    points: [point('Registered FDI reached USD 26.14 billion in the first seven months.', [1]), point('Disbursed FDI was USD 13.6 billion.', [1, 2])],
    citations: [citation(1), citation(2, { publisher: null, published: null })],
    notes: [verbatim('Figures are for Jan–Jul 2025 only.')],
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
