/**
 * Quality rules for knowledge/facts.json beyond the schema: statements carry their figures, dates
 * and documents; conventions hold; the key figures and disagreements of the seeds are all there
 * (the rules themselves: ./conventions.ts, which a newly added source is held to as well).
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { CONTENT, CONVENTIONS } from './conventions.js';

const kb = loadKnowledge();

describe('facts.json conventions', () => {
  for (const rule of CONVENTIONS) {
    it(rule.name, () => {
      for (const offenders of rule.offenders(kb)) expect(offenders).toEqual([]);
    });
  }
});

describe('facts.json content', () => {
  for (const c of CONTENT) it(c.name, () => c.check(kb));
});
