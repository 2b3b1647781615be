/**
 * Every index the engine asks with, built once from the knowledge base at load: the lexicon (the
 * words of the sources and the facts are what typos are corrected towards), the evidence (facts
 * and every seed sentence) and its ranker, and the facts by subject and by claim (timelines,
 * disagreements between sources).
 */
import type { Fact } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { claimKey } from './compose.js';
import { englishWords } from './english.js';
import { buildEvidence, TermDict, type Evidence, type EvidenceBase } from './evidence.js';
import { ImpactIndex } from './bm25.js';
import { PeopleIndex } from './people.js';
import { Lexicon } from './lexicon.js';
import { canonical } from './normalize.js';
import { Ranker } from './rank.js';

export interface Indexes {
  lexicon: Lexicon;
  base: EvidenceBase;
  ranker: Ranker;
  bySubject: ReadonlyMap<string, Evidence[]>;
  claimsByKey: ReadonlyMap<string, Fact[]>;
}

export function buildIndexes(kb: KnowledgeBase): Indexes {
  const lexicon = new Lexicon(kb.vocabulary, corpusWords(kb), englishWords());
  const base = buildEvidence(kb, lexicon);
  const bySubject = new Map<string, Evidence[]>();
  const claimsByKey = new Map<string, Fact[]>();
  for (const e of base.evidence) {
    if (!e.fact) continue;
    push(bySubject, e.fact.subject, e);
    if (e.fact.claim) push(claimsByKey, claimKey(e.fact), e.fact);
  }
  return { lexicon, base, ranker: new Ranker(base), bySubject, claimsByKey };
}

/** The words of the sources, the facts and the source titles. */
function corpusWords(kb: KnowledgeBase): Set<string> {
  const corpus = new Set<string>();
  const add = (t: string) => canonical(t).split(' ').forEach((w) => w && corpus.add(w));
  for (const text of kb.seeds.values()) add(text);
  for (const f of kb.facts) add(`${f.statement} ${f.keywords.join(' ')} ${f.label ?? ''}`);
  for (const s of kb.sources) add(s.title);
  return corpus;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Evidence per segment of a snapshot (each segment is serialized, written and read on its own). */
const EVIDENCE_PER_SEGMENT = 25_000;

/**
 * The knowledge base and its indexes as plain data (maps, sets, arrays, typed arrays: what
 * node:v8's serializer keeps), in segments small enough to be read one at a time (the first: the
 * knowledge and every index but the evidence; then the evidence in runs); restoreIndexes makes
 * them a knowledge base and indexes again. Building the indexes costs about a tenth of a second
 * for each article's worth of knowledge: at thousands of articles a process that starts reads
 * them instead (src/engine.ts). What can be made again is left out: the seeds (every sentence is
 * in its evidence), the lookups by id and by subject, and each piece of evidence's copy of a
 * fact's statement and quote.
 */
export function snapshotIndexes(kb: KnowledgeBase, ix: Indexes): object[] {
  const factIndex = new Map(kb.facts.map((f, i) => [f, i]));
  const { paragraphOf: _paragraphOf, evidence, ...base } = ix.base;
  void _paragraphOf;
  const head = {
    kb: { sources: kb.sources, facts: kb.facts, vocabulary: kb.vocabulary },
    lexicon: ix.lexicon,
    base,
    index: (ix.ranker as unknown as { index: ImpactIndex }).index,
    claimsByKey: ix.claimsByKey,
    evidence: evidence.length,
  };
  const segments: object[] = [head];
  for (let at = 0; at < evidence.length; at += EVIDENCE_PER_SEGMENT) {
    segments.push(
      evidence.slice(at, at + EVIDENCE_PER_SEGMENT).map((e) => {
        const { fact, text, quote: _quote, ...rest } = e;
        void _quote;
        return fact ? { ...rest, fact: factIndex.get(fact) } : { ...rest, fact: -1, text };
      }),
    );
  }
  return segments;
}

/** The knowledge base and indexes from snapshotIndexes' segments after a round trip through node:v8's serializer. */
export function restoreIndexes(segments: object[]): { kb: KnowledgeBase; indexes: Indexes } {
  const head = segments[0] as {
    kb: Pick<KnowledgeBase, 'sources' | 'facts' | 'vocabulary'>;
    lexicon: Lexicon;
    base: Omit<EvidenceBase, 'paragraphOf' | 'evidence'>;
    index: ImpactIndex;
    claimsByKey: Map<string, Fact[]>;
  };
  const { sources, facts, vocabulary } = head.kb;
  const kb: KnowledgeBase = { sources, sourceById: new Map(sources.map((x) => [x.id, x])), facts, factById: new Map(facts.map((f) => [f.id, f])), vocabulary, seeds: new Map() };
  const evidence: Evidence[] = [];
  for (const segment of segments.slice(1)) {
    for (const x of segment as (Omit<Evidence, 'fact' | 'text' | 'quote'> & { fact: number; text?: string })[]) {
      const fact = x.fact >= 0 ? facts[x.fact] : null;
      const e = x as unknown as Evidence;
      e.fact = fact;
      e.text = fact ? fact.statement : x.text!;
      e.quote = fact ? fact.quote : e.text;
      evidence.push(e);
    }
  }
  // (the serializer keeps an object's own fields, not its class)
  Object.setPrototypeOf(head.lexicon, Lexicon.prototype);
  Object.setPrototypeOf(head.base.dict, TermDict.prototype);
  Object.setPrototypeOf(head.base.people, PeopleIndex.prototype);
  Object.setPrototypeOf(head.index, ImpactIndex.prototype);
  const paragraphs = head.base.paragraphs;
  const base: EvidenceBase = { ...head.base, evidence, paragraphOf: (e) => (e.paragraph >= 0 ? paragraphs[e.paragraph] : null) };
  const ranker = Object.assign(Object.create(Ranker.prototype) as Ranker, { base, index: head.index, size: evidence.length });
  const bySubject = new Map<string, Evidence[]>();
  for (const e of evidence) if (e.fact) push(bySubject, e.fact.subject, e);
  return { kb, indexes: { lexicon: head.lexicon, base, ranker, bySubject, claimsByKey: head.claimsByKey } };
}
