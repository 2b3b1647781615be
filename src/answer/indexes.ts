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

/**
 * The indexes as plain data (maps, sets, arrays, typed arrays: what node:v8's serializer keeps),
 * to be written to a file with the knowledge base they were built from; restoreIndexes makes them
 * indexes again. Building them costs about a tenth of a second for each article's worth of
 * knowledge: at thousands of articles a process that starts reads them instead (src/engine.ts).
 */
export function snapshotIndexes(ix: Indexes): object {
  // (no functions: the base's paragraphOf is made again on restoring, for it and the ranker's)
  const { paragraphOf: _paragraphOf, ...base } = ix.base;
  void _paragraphOf;
  return { ...ix, base, ranker: { ...ix.ranker, base } };
}

/** Indexes from snapshotIndexes' data after a round trip through node:v8's serializer. */
export function restoreIndexes(data: object): Indexes {
  const ix = data as Indexes;
  // (the serializer keeps an object's own fields, not its class)
  Object.setPrototypeOf(ix.lexicon, Lexicon.prototype);
  Object.setPrototypeOf(ix.base.dict, TermDict.prototype);
  Object.setPrototypeOf(ix.base.people, PeopleIndex.prototype);
  Object.setPrototypeOf(ix.ranker, Ranker.prototype);
  Object.setPrototypeOf((ix.ranker as unknown as { index: object }).index, ImpactIndex.prototype);
  const paragraphs = ix.base.paragraphs;
  ix.base.paragraphOf = (e) => (e.paragraph >= 0 ? paragraphs[e.paragraph] : null);
  return ix;
}
