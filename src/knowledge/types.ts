import type { Fact, Source, Vocabulary } from '../../knowledge/schema.js';

/** Everything curated, validated and ready to use. Built once at start (see load.ts). */
export interface KnowledgeBase {
  sources: Source[];
  sourceById: Map<string, Source>;
  facts: Fact[];
  factById: Map<string, Fact>;
  vocabulary: Vocabulary;
  /** Seed texts by source id, exactly as in seeds/. */
  seeds: Map<string, string>;
}
