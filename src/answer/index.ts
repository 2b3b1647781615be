/**
 * The answer layer's entry point: text → normalised query (slots, concepts) → intent → Answer,
 * with passage retrieval over the seeds as the fallback and a polite "can't answer" below it.
 * Every index is built once here, at load; asking is synchronous and allocation-light.
 */
import type { Fact } from '../../knowledge/schema.js';
import { INTENTS } from '../../intents/index.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { TeamDeadline } from '../store/types.js';
import { deadlinesAnswer } from '../digest/deadlines.js';
import { Citations, composeFacts, emptyAnswer, type ComposeEnv } from './compose.js';
import { FactIndex } from './facts.js';
import type { IntentContext, IntentSpec } from './intent.js';
import { head } from './limits.js';
import { canonical } from './normalize.js';
import { PassageIndex } from './passages.js';
import type { Answer, Slots, Suggestion } from './types.js';
import { Lexicon, type Query } from './understand.js';

export interface AskContext {
  /** Slots of the thread this question replies in (follow-ups). */
  threadSlots?: Slots | null;
  /** "Now" for anything relative to today (deadlines). Defaults to the current time. */
  now?: Date;
  /** The channel's own deadlines, for deadline questions. */
  teamDeadlines?: TeamDeadline[];
  /** IANA time zone for "today", "last year" (default INTEG_TZ or Asia/Ho_Chi_Minh). */
  tz?: string;
}

export interface Engine {
  kb: KnowledgeBase;
  ask(text: string, ctx?: AskContext): Answer;
  /**
   * The answer `ask` would give, when it is in the cache and does not depend on the channel's own
   * deadlines (most answers): the caller need not read them from the store. Undefined otherwise.
   */
  cached?(text: string, ctx?: Omit<AskContext, 'teamDeadlines'>): Answer | undefined;
  /** The help answer (what integ can do, with examples). */
  help(): Answer;
  /** The intents, for help texts and App Home. */
  intents: readonly IntentSpec[];
}

/** The order intents are listed in help. */
const HELP_ORDER = ['fdi', 'trade', 'growth', 'relations', 'agreements', 'documents', 'people', 'events', 'localities', 'policy'];

/** Answers kept for repeated questions. */
const CACHE_SIZE = 1000;

/** Passages must cover at least this share of the question's words to be offered as an answer. */
const PASSAGE_COVERAGE = 0.7;

export function createEngine(kb: KnowledgeBase, opts: { intents?: readonly IntentSpec[]; /** answers kept for repeated questions (0: none) */ cacheSize?: number } = {}): Engine {
  const cacheSize = opts.cacheSize ?? CACHE_SIZE;
  const intents = opts.intents ?? INTENTS;
  const knownDocs = new Set(kb.facts.flatMap((f) => f.docs));
  const corpus = new Set<string>();
  const addWords = (t: string) => canonical(t).split(' ').forEach((w) => w && corpus.add(w));
  for (const text of kb.seeds.values()) addWords(text);
  for (const f of kb.facts) addWords(`${f.statement} ${f.keywords.join(' ')} ${f.label ?? ''}`);
  const lexicon = new Lexicon(kb.vocabulary, corpus, knownDocs);
  const index = new FactIndex(kb.facts, lexicon);
  // every index is built here, at load: no question pays for building one
  const passages = new PassageIndex(kb.seeds, lexicon);
  const env: ComposeEnv = { kb, index };
  const byTopic = new Map(intents.flatMap((i) => i.topics.map((t) => [t, i] as const)));
  const placesWithFacts = new Set(kb.facts.map((f) => f.place).filter((p): p is string => p !== null));

  const examples = (n: number): Suggestion[] =>
    ['fdi', 'people', 'events', 'trade', 'relations']
      .map((id) => intents.find((i) => i.id === id)?.examples[0])
      .filter((e): e is string => !!e)
      .slice(0, n)
      .map((e) => ({ label: e, question: e }));

  function helpAnswer(q: Query): Answer {
    return {
      ...emptyAnswer(q, 'help', 'I answer questions about Vietnam’s international integration from my source articles, with citations.'),
      answered: true,
      points: [
        ...HELP_ORDER.map((id) => intents.find((i) => i.id === id))
          .filter((i): i is IntentSpec => !!i)
          .map((i) => ({ text: `${i.description} — e.g. “${i.examples[0]}”`, cites: [] })),
        { text: 'Deadlines: “/integ deadlines”, add your own with “/integ deadline add 2026-12-15 Submit the report”, then “/integ deadline done d1”.', cites: [] },
        { text: 'Weekly digest of deadlines for this channel: “/integ digest on monday 09:00”, “/integ digest preview”, “/integ digest off”.', cites: [] },
      ],
      notes: ['Ask in English or Vietnamese, with or without diacritics. Mention @integ in a channel or send it a direct message.'],
    };
  }

  function ask(text: string, actx: AskContext = {}, clarify = true, understood?: Query): Answer {
    const now = actx.now ?? new Date();
    let q = understood ?? lexicon.understand(head(text), now, actx.tz ?? defaultTz());
    if (actx.threadSlots) q = withThreadSlots(q, actx.threadSlots);

    const ctx: IntentContext = {
      kb,
      index,
      lexicon,
      now,
      compose(qq, intent, rank = {}, copts = {}) {
        const ranked = index.rank(qq, { ...rank, topics: intent.topics });
        const places = qq.slots.places.filter((p) => placesWithFacts.has(p));
        const national = ranked.filter((s) => s.fact.place === null);
        // national facts unless a place is asked for, or only a province's facts answer the question
        let filter: ((f: Fact) => boolean) | undefined = places.length
          ? (f) => f.place !== null && places.includes(f.place)
          : national.length && ranked.length && national[0].coverage >= ranked[0].coverage - 0.01
            ? (f) => f.place === null
            : undefined;
        if (copts.filter) {
          const a = filter;
          const b = copts.filter;
          filter = a ? (f) => a(f) && b(f) : b;
        }
        return composeFacts(qq, env, intent, ranked, { ...copts, filter });
      },
      // the same list as `/integ deadlines`: due in the next 90 days, just passed, the next later ones
      listDeadlines: (qq) =>
        deadlinesAnswer(now, { kb, teamDeadlines: actx.teamDeadlines ?? [], tz: actx.tz ?? defaultTz(), question: qq.raw, intent: 'events' }),
      help: helpAnswer,
    };

    if (!q.content.length && !q.slots.docs.length) return helpAnswer(q);

    // intents named by the question's concepts and slots, strongest first
    const scored = intents
      .map((intent) => {
        let s = 0;
        for (const [c, n] of q.concepts) s += (intent.concepts[c] ?? 0) * Math.min(n, 2);
        if (intent.id === 'documents' && q.slots.docs.length) s += 3;
        if (intent.id === 'localities' && q.slots.places.some((p) => placesWithFacts.has(p))) s += 6;
        return { intent, s };
      })
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s);
    // help answers questions about integ itself: "can you help me with FDI 2025?" is about FDI
    const subjects = scored.filter((x) => x.intent.id !== 'help');

    for (const { intent } of subjects.length ? subjects : scored) {
      const a = intent.handle(q, ctx);
      if (a) return a;
    }

    // no intent fits: the best facts of any topic, then passages from the seeds
    const ranked = index.rank(q);
    const top = ranked[0];
    if (top) {
      const intent = byTopic.get(top.fact.topic);
      if (intent) {
        const a = ctx.compose(q, intent);
        if (a?.answered) return a;
      }
    }
    const hits = passages.search(q, 3).filter((h) => h.coverage >= PASSAGE_COVERAGE);
    if (hits.length) {
      const cites = new Citations(kb.sourceById);
      const points = hits.slice(0, 2).map((h) => {
        const n = cites.cite({ source: h.passage.source, quote: h.passage.text });
        return { text: `“${h.passage.text.length > 400 ? h.passage.text.slice(0, 397) + '…' : h.passage.text}”`, cites: [n] };
      });
      return {
        ...emptyAnswer(q, 'passages', 'Here is what my sources say:'),
        answered: true,
        points,
        citations: cites.all(),
        notes: ['Quoted from the source articles (no curated figure matched your question).'],
      };
    }
    return cannotAnswer(q, clarify);
  }

  /** "I can't answer that", or "Did you mean…" when close, answerable questions exist. */
  function cannotAnswer(q: Query, clarify: boolean): Answer {
    const candidates: Suggestion[] = [];
    for (const w of clarify && q.unknown.length <= 2 && q.content.length <= 10 ? q.unknown : []) {
      for (const alt of lexicon.nearWords(w)) {
        const question = q.raw.replace(new RegExp(escapeRegExp(w), 'i'), alt);
        if (question === q.raw || candidates.some((c) => c.question === question)) continue;
        const a = ask(question, {}, false);
        if (a.answered && a.intent !== 'help') candidates.push({ label: question, question });
        if (candidates.length >= 3) break;
      }
    }
    if (candidates.length) return emptyAnswer(q, 'clarify', 'I’m not sure what you meant. Did you mean…', { suggestions: candidates });
    return emptyAnswer(q, 'none', 'I can’t answer that from my sources.', {
      notes: ['I answer from five articles on Vietnam’s international integration (2025–2026). Try one of these:'],
      suggestions: examples(3),
    });
  }

  /** Asks, and says how typos were read so a user can tell when integ misread them. */
  function askAndExplain(text: string, actx: AskContext = {}): Answer {
    const q = lexicon.understand(head(text), actx.now ?? new Date(), actx.tz ?? defaultTz());
    const a = ask(text, actx, true, q);
    const fixes = a.answered ? q.corrections : [];
    if (!fixes.length) return a;
    return { ...a, notes: [`Read ${fixes.slice(0, 3).map((c) => `“${c.from}” as “${c.to}”`).join(', ')}.`, ...a.notes] };
  }

  // Answers depend only on the question, the day (in the time zone) and, for the questions about
  // deadlines, the channel's own deadlines: the same question asked again the same day is answered
  // from a small LRU cache (follow-ups in threads are always worked out). An answer that never read
  // the channel's deadlines is kept under the question and the day alone, so `cached` can give it
  // without them being read; one that read them is kept under them too (DEPENDS marks the question).
  const DEPENDS = null;
  const cache = new Map<string, Answer | typeof DEPENDS>();
  const remember = (key: string, a: Answer | typeof DEPENDS): void => {
    cache.set(key, a);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  };
  const recall = (key: string): Answer | typeof DEPENDS | undefined => {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key); // most recently used last
      cache.set(key, hit);
    }
    return hit;
  };
  // the day in a zone, worked out once a minute (zone offsets are whole minutes)
  const days = new Map<string, { fmt: Intl.DateTimeFormat; minute: number; day: string }>();
  const dayIn = (tz: string, now: Date): string | null => {
    let d = days.get(tz);
    if (!d) {
      try {
        d = { fmt: new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: NaN, day: '' };
      } catch {
        return null;
      }
      if (days.size < 100) days.set(tz, d);
    }
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== d.minute) {
      d.minute = minute;
      d.day = d.fmt.format(now);
    }
    return d.day;
  };
  /**
   * A question's day in its zone ("Asia/Ho_Chi_Minh|2026-11-22"), the start of its cache keys; null
   * when it is not cached (thread follow-ups, an unknown zone).
   */
  const dayKey = (actx: AskContext): string | null => {
    if (actx.threadSlots || cacheSize <= 0) return null;
    const tz = actx.tz ?? defaultTz();
    const day = dayIn(tz, actx.now ?? new Date());
    return day === null ? null : `${tz}|${day}`;
  };
  // (zones and days hold no control character, and JSON escapes them: no two keys collide)
  const questionKey = (day: string, text: string): string => `${day}|${text}`;
  const deadlinesKey = (day: string, text: string, teamDeadlines: readonly TeamDeadline[] = []): string =>
    `${day}\u0002${JSON.stringify(teamDeadlines.map((d) => [d.id, d.due, d.done, d.title]))}\u0002${text}`;

  function cachedAsk(text: string, actx: AskContext = {}): Answer {
    const day = dayKey(actx);
    if (day === null) return askAndExplain(text, actx);
    const key = questionKey(day, text);
    const hit = recall(key);
    if (hit) return hit;
    if (hit === DEPENDS) {
      const ownKey = deadlinesKey(day, text, actx.teamDeadlines);
      const own = recall(ownKey);
      if (own) return own;
      const a = Object.freeze(askAndExplain(text, actx));
      remember(ownKey, a);
      return a;
    }
    let read = false;
    const tracked: AskContext = {
      ...actx,
      get teamDeadlines() {
        read = true;
        return actx.teamDeadlines;
      },
    };
    const a = Object.freeze(askAndExplain(text, tracked));
    if (!read) {
      remember(key, a);
    } else {
      remember(key, DEPENDS);
      remember(deadlinesKey(day, text, actx.teamDeadlines), a);
    }
    return a;
  }

  function cached(text: string, actx: Omit<AskContext, 'teamDeadlines'> = {}): Answer | undefined {
    const day = dayKey(actx);
    return (day !== null && recall(questionKey(day, text))) || undefined;
  }

  return { kb, ask: cachedAsk, cached, help: () => helpAnswer(lexicon.understand('help')), intents };
}

function withThreadSlots(q: Query, thread: Slots): Query {
  const s = q.slots;
  return {
    ...q,
    slots: {
      years: s.years.length ? s.years : thread.years,
      period: s.period ?? (s.years.length ? null : thread.period),
      places: s.places.length ? s.places : thread.places,
      docs: s.docs,
    },
  };
}

const defaultTz = (): string => process.env.INTEG_TZ || 'Asia/Ho_Chi_Minh';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
