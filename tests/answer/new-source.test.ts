/**
 * A source a curator adds as README says (a seed file and its sources.json entry, no curated
 * facts) is answerable at once from its sentences, cited and quoted. The fixture article
 * (tests/fixtures/new-source/) is one nobody tuned the engine to.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { splitSentences } from '../../src/answer/evidence.js';
import { createEngine, type Engine } from '../../src/answer/index.js';
import { canonical } from '../../src/answer/normalize.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { makeFixture, type Fixture } from '../knowledge/helpers.js';
import { shown } from '../helpers/text.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/new-source');
const entry = JSON.parse(readFileSync(join(FIXTURE, 'source.json'), 'utf8')) as { id: string; title: string; place: string | null };
const article = readFileSync(join(FIXTURE, `${entry.id}.txt`), 'utf8');

let fixture: Fixture;
let kb: KnowledgeBase;
let engine: Engine;
beforeAll(() => {
  fixture = makeFixture(({ sources }) => {
    sources.push(entry);
  });
  copyFileSync(join(FIXTURE, `${entry.id}.txt`), join(fixture.seedsDir, `${entry.id}.txt`));
  kb = loadKnowledge(fixture.dir, fixture.seedsDir);
  engine = createEngine(kb, { intents: INTENTS });
});
afterAll(() => fixture.cleanup());

const cites = (q: string) => engine.ask(q).citations.map((c) => c.source);
const text = (q: string) => engine.ask(q).points.map((p) => shown(p.text)).join('\n');

describe('a source added without curated facts', () => {
  it('loads with no fact citing it', () => {
    expect(kb.sources.some((s) => s.id === entry.id)).toBe(true);
    expect(kb.facts.some((f) => f.source === entry.id)).toBe(false);
  });

  it('answers questions made of the rarest words of each of its sentences from that sentence', () => {
    const words = new Map<string, number>();
    for (const t of kb.seeds.values()) for (const w of new Set(canonical(t).split(' '))) words.set(w, (words.get(w) ?? 0) + 1);
    const sentences = splitSentences(article);
    let found = 0;
    let tried = 0;
    for (const s of sentences) {
      const rare = [...new Set(canonical(s).split(' '))].filter((w) => w.length > 3 && !/\d/.test(w) && words.get(w) === 1).slice(0, 3);
      if (rare.length < 2) continue;
      tried++;
      const a = engine.ask(rare.join(' '));
      if (a.citations.some((c) => c.source === entry.id && c.quote.includes(s.slice(0, 40)))) found++;
    }
    expect(tried).toBeGreaterThan(3);
    expect(found / tried).toBeGreaterThanOrEqual(0.9);
  });

  it('names who chaired the meeting it reports, citing it', () => {
    const chair = /(?:Vice )?Chairman of the Provincial People's Committee ([A-Z][a-z]+(?: [A-Z][a-z]+){2}) chaired/.exec(article)![1];
    expect(text(`who chaired the ${entry.place} conference?`)).toContain(chair);
    expect(cites(`who chaired the ${entry.place} conference?`)).toEqual([entry.id]);
  });

  it('gives its figures for the year asked, in English and in Vietnamese', () => {
    const fdi = /attracted US\$([\d.]+) billion of foreign direct investment/.exec(article)![1];
    for (const q of [`How much FDI did ${entry.place} attract in 2025?`, `${canonical(entry.place!)} thu hut bao nhieu von fdi nam 2025`]) {
      expect({ q, text: text(q).includes(fdi) }).toEqual({ q, text: true });
      expect(cites(q)[0]).toBe(entry.id);
    }
  });

  it('lists the items it lists, and compares the figures it compares', () => {
    const limits = /limitations: ([^.]+)\./.exec(article)![1].split(/; (?:and )?/);
    const answer = text(`What limitations did the ${entry.place} conference point out?`);
    for (const item of limits) expect(answer).toContain(item.slice(0, 25));
    const [now, before] = [...article.matchAll(/signed (\d+) cooperation agreements[^.]*compared with (\d+)/g)][0].slice(1);
    const compared = text(`How many cooperation agreements did ${entry.place} sign in 2025 compared with 2024?`);
    expect(compared).toContain(now);
    expect(compared).toContain(before);
  });

  it('finds its documents and deadlines', () => {
    const plan = /Plan No\. (\d+)\//.exec(article)![1];
    expect(text(`plan ${plan}`)).toContain(`Plan No. ${plan}`);
    const due = /before (\w+ \d+, \d{4})/.exec(article)![1];
    expect(text(`When must the ${entry.place} investment promotion program be completed?`)).toContain(due);
  });

  it('still declines a neighbouring province it does not cover', () => {
    const other = kb.vocabulary.entities.find((e) => e.kind === 'province' && ![...kb.seeds.values()].some((t) => canonical(t).includes(canonical(e.name))))!;
    const a = engine.ask(`How much FDI did ${other.name} attract in 2025?`);
    expect({ answered: a.answered, citations: a.citations }).toEqual({ answered: false, citations: [] });
  });
});
