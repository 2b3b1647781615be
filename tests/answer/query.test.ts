/**
 * Understanding a question: its language, its constraints (people, places, documents, times), the
 * words it asks about, and the shape of what it asks (a figure, a list, a comparison).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { createEngine, type Engine } from '../../src/answer/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

let engine: Engine;
beforeAll(() => {
  engine = createEngine(loadKnowledge(), { intents: INTENTS });
});
const read = (q: string) => engine.understand(q, { now: new Date('2026-12-07T03:00:00Z') });
const unitWords = (q: string) => read(q).units.map((u) => u.words.join(' '));

describe('language', () => {
  it.each([
    ['vốn FDI năm 2025', 'vi'],
    ['von fdi nam 2025', 'vi'],
    ['ai la truong ban chi dao', 'vi'],
    ['nghe an trien khai nhung nghi quyet nao', 'vi'],
    ['fdi 2025', 'en'],
    ['who heads the steering committee?', 'en'],
    ['Nghe An exports', 'en'],
  ])('reads "%s" as %s', (q, lang) => {
    expect(read(q).lang).toBe(lang);
  });
});

describe('constraints', () => {
  it('finds known people written in any case, and unknown ones by their family name', () => {
    expect(read('ong le hoai trung la ai').people).toMatchObject([{ key: 'le hoai trung', known: true }]);
    expect(read('What did Deputy Prime Minister Ho Duc Phoc say?').people).toMatchObject([{ key: 'ho duc phoc', known: false }]);
    expect(read('What did Chinh say about credibility?').people).toMatchObject([{ key: 'pham minh chinh', known: true }]);
  });

  it('finds places and countries, and reads the home country as the whole country', () => {
    const q = read('How much FDI did Da Nang attract in 2025?');
    expect(q.places).toEqual(['Da Nang']);
    expect(q.units.find((u) => u.kind === 'entity')?.essential).toBe(true);
    expect(read("What was Vietnam's trade with Germany?").entities.map((e) => e.name)).toEqual(['Germany']);
    expect(read("Vietnam's exports 2025").national).toBe(true);
  });

  it('requires what a question names: a document, a place, a person, an office', () => {
    const q = read('Who is the Chairman of the Nghe An Provincial People’s Committee?');
    expect(q.units.filter((u) => u.essential).map((u) => u.kind).sort()).toEqual(['entity', 'title']);
    expect(read('resolution 154').units.filter((u) => u.essential).map((u) => u.kind)).toEqual(['doc']);
  });

  it('tells a deputy office from the office', () => {
    expect(read('deputy heads of the steering committee').units.find((u) => u.kind === 'title')?.deputy).toBe(true);
    expect(read('who heads the steering committee').units.find((u) => u.kind === 'title')?.deputy).toBeFalsy();
  });

  it('reads dates, periods and moments as constraints, not as words to cover', () => {
    const q = read('What FDI figures did the PM report at the August 2025 steering committee meeting?');
    expect(q.asOf[0]).toMatchObject({ mode: 'at', date: '2025-08-31' });
    expect(unitWords('What FDI figures did the PM report at the August 2025 steering committee meeting?')).not.toContain('meeting');
    expect(unitWords('giải ngân FDI 7 tháng')).not.toContain('7');
    expect(read('giải ngân FDI 7 tháng').periods[0]).toMatchObject({ startMonth: 1, endMonth: 7, year: null });
  });

  it('reads the letters of a document number as part of it', () => {
    expect(unitWords('Which body issued 59-NQ/TW?')).not.toContain('nq');
    expect(read('Which body issued 59-NQ/TW?').docs).toEqual(['59']);
  });
});

describe('what a question asks about', () => {
  it('drops the words that only say who said it, or the unit of a figure', () => {
    expect(unitWords('According to Le Hoai Trung, how many FTAs does Vietnam have?')).toEqual(['le hoai trung', 'ftas']);
    const figure = unitWords('Is the US$920 billion figure for 2025 exports only?');
    expect(figure).toContain('920');
    expect(figure).not.toContain('billion');
  });

  it('reads "help with a subject" as the subject', () => {
    expect(unitWords('can you help me with fdi 2025')).toEqual(['fdi']);
  });

  it('corrects typos towards words the sources use, never a correct word', () => {
    expect(read('foriegn investmnet 2025').corrections.map((c) => c.to)).toEqual(['foreign', 'investment']);
    expect(read('What period does the figure cover?').corrections).toEqual([]);
    expect(read('hội nghị ngày nào').corrections).toEqual([]);
  });
});

describe('the shape of a question', () => {
  it('asks for items when it says "what <things>", "which <things>", "list", "những … nào"', () => {
    for (const q of ['What challenges did the PM point to?', 'Which diplomacy channels did the PM name?', 'list the tasks', 'nghe an trien khai nhung nghi quyet nao', 'How did the conference assess integration in each field?']) {
      expect({ q, list: read(q).asks.has('list') }).toEqual({ q, list: true });
    }
    for (const q of ['What is the motto of the Action Program?', 'chương trình đặt ra các chỉ tiêu cụ thể đến năm nào']) {
      expect({ q, list: read(q).asks.has('list') }).toEqual({ q, list: false });
    }
  });

  it('finds the parts a comparison puts side by side', () => {
    const q = read('How did registered and disbursed FDI compare for the whole of 2025?');
    expect(q.parts.map((p) => p.map((k) => q.units[k].words.join(' ')))).toEqual([['registered'], ['disbursed']]);
    const r = read('How does the number of countries Vietnam has economic relations with compare with the number it has diplomatic relations with?');
    expect(r.parts.length).toBe(2);
    expect(read('fdi 2025').parts).toEqual([]);
  });

  it('asks for an office when it asks "what position" of a person', () => {
    expect(read('What position does Phung Thanh Vinh hold?').asks.has('role')).toBe(true);
    expect(read('What is the position of Vietnam in the world?').asks.has('role')).toBe(false);
  });
});

describe('bounded reading', () => {
  it('understands at most the first words of a long question', () => {
    expect(read(`fdi ${'investment '.repeat(5000)}`).words.length).toBeLessThanOrEqual(64);
  });
});
