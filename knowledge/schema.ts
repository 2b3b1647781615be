/**
 * Schemas for the curated knowledge in this folder. Every JSON file here is validated against
 * these at load (src/knowledge/load.ts) and in tests/knowledge/. Types sit next to their schema.
 */
import { z } from 'zod';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const yearMonth = /^\d{4}-(0[1-9]|1[0-2])$/;

export const SourceId = z.string().regex(/^\d{3}_[0-9a-f]{16}$/, 'a seed file stem such as 000_751a3c526faebcab');
export type SourceId = z.infer<typeof SourceId>;

export const Source = z
  .object({
    id: SourceId,
    /** The headline where the article has one; otherwise a short descriptive title. */
    title: z.string().min(3).max(200),
    /** null when the article names none: shown as "publisher not stated", never invented. */
    publisher: z.string().min(2).nullable(),
    /** Publication (or last update) date, YYYY-MM-DD; null when unknown. */
    published: z.string().regex(isoDay).nullable(),
    url: z.string().url().nullable(),
    /** Where the report comes from when it is local (e.g. "Nghe An"). */
    place: z.string().nullable().default(null),
    note: z.string().optional(),
  })
  .strict();
export type Source = z.infer<typeof Source>;

export const Sources = z.array(Source).min(1);

export const Topic = z.enum([
  'fdi', // foreign direct investment: registered, disbursed, rankings
  'trade', // exports, imports, turnover, markets
  'growth', // GDP growth, income, economy size
  'relations', // diplomatic relations, partnership levels, upgrades, party relations, organisations, diplomatic activity
  'agreements', // commitments, FTAs, agreements signed
  'documents', // resolutions, decisions, the Action Program and its targets/tasks/groups/pillars
  'people', // named people and their roles
  'events', // meetings, conferences, hosted events, deadlines
  'localities', // provincial (e.g. Nghe An) facts
  'policy', // viewpoints, directions, lessons, mottos, goals (qualitative)
]);
export type Topic = z.infer<typeof Topic>;

/** The span of time a figure covers. start/end are YYYY-MM (inclusive). */
export const Period = z
  .object({
    start: z.string().regex(yearMonth),
    end: z.string().regex(yearMonth),
    /** Human label, e.g. "Jan–Jul 2025", "full year 2025", "first half of 2025", "2021–2025 term". */
    label: z.string().min(3),
  })
  .strict()
  .refine((p) => p.start <= p.end, { message: 'period start must not be after its end' });
export type Period = z.infer<typeof Period>;

/** When something is due, at the precision the source gives. */
export const Due = z
  .object({
    date: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$/),
    precision: z.enum(['year', 'month', 'day']),
  })
  .strict()
  .refine((d) => d.date.split('-').length === { year: 1, month: 2, day: 3 }[d.precision], {
    message: 'due.date must have exactly the parts its precision names (2027 | 2025-09 | 2025-10-25)',
  });
export type Due = z.infer<typeof Due>;

export const Qualifier = z.enum(['over', 'about', 'nearly', 'under', 'at least', 'up to', 'exactly']);
export type Qualifier = z.infer<typeof Qualifier>;

export const Fact = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes'),
    topic: Topic,
    /**
     * What is measured or described, shared by every fact (from any source) about the same thing,
     * so that timelines and disagreements can be found: e.g. "fdi.registered", "partners.comprehensive-or-above".
     */
    subject: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    /** One self-contained English sentence stating the fact (it is what users read). */
    statement: z.string().min(10).max(400),
    /**
     * The same fact as one self-contained Vietnamese sentence, for Vietnamese readers: the same
     * figures, qualifiers (hơn, khoảng, gần), units, periods, years and document numbers as
     * `statement`, nothing added or dropped, in Vietnamese notation (7,52%; 2.200 tỷ đồng;
     * 28–29 tỷ USD; ngày 14/1/2026; tháng 9/2025) and with names written with their diacritics
     * (Phạm Minh Chính, Nghệ An). `integ kb check` proves the figures, years, dates and document
     * numbers match the English (src/knowledge/figures.ts).
     */
    statementVi: z.string().min(10).max(400),
    value: z.number().nullable().default(null),
    /** Upper bound when the source gives a range (28–29 → value 28, valueMax 29). */
    valueMax: z.number().nullable().default(null),
    qualifier: Qualifier.nullable().default(null),
    unit: z.string().nullable().default(null),
    period: Period.nullable().default(null),
    /** The as-of date: the article's date (YYYY-MM-DD). */
    asOf: z.string().regex(isoDay),
    /** Only when the fact is not national (e.g. "Nghe An"). */
    place: z.string().nullable().default(null),
    /** A calendar date the fact is about (a document's issue date, a meeting's date), YYYY-MM-DD. */
    date: z.string().regex(isoDay).nullable().default(null),
    /** For deadlines and upcoming events: when it is due, at the source's precision. */
    due: Due.nullable().default(null),
    /** Short title, required for deadlines (shown in deadline lists and digests). */
    label: z.string().min(3).max(120).nullable().default(null),
    /** The label in Vietnamese, required with a label (deadline lists and digests in Vietnamese). */
    labelVi: z.string().min(3).max(120).nullable().default(null),
    /** Document numbers the fact is about: "59", "153", "1812", "22", "57", "66", "68". */
    docs: z.array(z.string().regex(/^\d+$/)).default([]),
    /** People named in the fact, as written without diacritics ("Pham Minh Chinh"). */
    people: z.array(z.string()).default([]),
    /** Extra words a user might search with (English or Vietnamese); the statement and quote are indexed anyway. */
    keywords: z.array(z.string().min(2)).default([]),
    /** How the source characterises it when it matters for comparison (e.g. "largest record ever"). */
    claim: z.string().nullable().default(null),
    source: SourceId,
    /** Verbatim from the seed file (a test proves it occurs there exactly). */
    quote: z.string().min(10),
  })
  .strict()
  .refine((f) => f.due === null || f.label !== null, { message: 'a fact with "due" needs a "label"', path: ['label'] })
  .refine((f) => (f.label === null) === (f.labelVi === null), { message: 'a "label" needs its Vietnamese "labelVi", and only a label has one', path: ['labelVi'] })
  .refine((f) => f.valueMax === null || (f.value !== null && f.valueMax > f.value), {
    message: 'valueMax needs value and must be greater than it',
    path: ['valueMax'],
  });
export type Fact = z.infer<typeof Fact>;
export type FactInput = z.input<typeof Fact>;

export const Facts = z.array(Fact).min(1);

/**
 * The vocabulary: what words mean, by concept, in English and Vietnamese. Matching folds case and
 * diacritics and prefers the longest phrase. Understanding lives here, not in code: a word users
 * type that the sources say differently (or in the other language) belongs to a concept whose
 * terms include both. Concepts are synonym sets ("disbursed" = "giải ngân"), never topics, and no
 * entry serves one question.
 */
export const ConceptKind = z.enum([
  /** A content word or phrase (the default). */
  'term',
  /** Marks what kind of answer is wanted: a figure ("how many", "bao nhiêu"), a person, a date, a place, a period. */
  'ask-number',
  'ask-person',
  'ask-date',
  'ask-place',
  'ask-period',
  /** Asks for every item ("list", "what are", "những … nào"). */
  'ask-list',
  /** Asks for two or more things side by side ("compare", "versus", "so với"). */
  'ask-compare',
  /** Asks what office someone holds ("what position", "vai trò gì"), when the question names a person. */
  'ask-role',
  /** Says who said it ("according to", "said", "phát biểu"): the person is the speaker, the verb no content. */
  'attribution',
  /** Says when, relative to today ("now", "currently", "hiện nay"): the latest, never content. */
  'time',
  /** A unit or scale of a figure ("billion", "USD", "%", "tỷ"): part of a figure a question names, no content. */
  'measure',
  /** A person's office or role ("chairman", "minister", "chủ tịch"). */
  'title',
  /** Changes an office: "deputy", "vice", "acting", "phó", "quyền"; a deputy head is not the head. */
  'qualifier',
]);
export type ConceptKind = z.infer<typeof ConceptKind>;

export const Concept = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    kind: ConceptKind.default('term'),
    /** English words and phrases (the stemmer already folds plurals: list other forms). */
    en: z.array(z.string().min(1)).default([]),
    /** Vietnamese words and phrases, with diacritics (users often type them without: both match). */
    vi: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((c) => c.en.length + c.vi.length > 0, { message: 'a concept needs at least one English or Vietnamese term' });
export type Concept = z.infer<typeof Concept>;

/** Named places, countries and organisations: a question naming one is about it, and only evidence naming it answers. */
export const EntityKind = z.enum(['province', 'city', 'country', 'region', 'organisation']);
export type EntityKind = z.infer<typeof EntityKind>;

export const Entity = z
  .object({
    /** How it is shown ("Nghe An", "Germany", "ASEAN"). */
    name: z.string().min(2),
    /**
     * How it is shown to Vietnamese readers: the Vietnamese display name, with diacritics and
     * capitalised as Vietnamese official media write it mid-sentence ("Đức", "Hà Nội", "Thành phố
     * Hồ Chí Minh", "Liên hợp quốc", "Đồng bằng sông Cửu Long", "Biển Đông", "châu Âu", "Hoa Kỳ",
     * "Liên minh châu Âu (EU)"). A foreign name Vietnamese writes in its original spelling stays
     * so ("Indonesia", "Singapore"), as do acronyms Vietnamese also uses as they are ("ASEAN",
     * "WTO"). `en`/`vi` are matching terms, not display names. `integ kb check` reports one left
     * untranslated (src/knowledge/load.ts).
     */
    nameVi: z.string().min(2),
    kind: EntityKind,
    en: z.array(z.string().min(1)).default([]),
    vi: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((e) => e.en.length + e.vi.length > 0, { message: 'an entity needs at least one English or Vietnamese term' });
export type Entity = z.infer<typeof Entity>;

/** How a fact's unit is written around its figure in each language: "{v}" stands for the number. */
const unitTemplate = z.string().regex(/\{v\}/, 'a unit template needs "{v}" where the number goes');
export const UnitName = z
  .object({
    /** The unit as facts write it ("USD billion", "countries"). */
    unit: z.string().min(1),
    en: unitTemplate,
    vi: unitTemplate,
  })
  .strict();
export type UnitName = z.infer<typeof UnitName>;

export const Vocabulary = z
  .object({
    concepts: z.array(Concept).min(1),
    /** Every unit a fact uses, written in English and Vietnamese ("US${v} billion", "{v} tỷ USD"). */
    units: z.array(UnitName).default([]),
    entities: z.array(Entity).default([]),
    /** Vietnamese family names: a capitalised run of words starting with one is a person's name. */
    surnames: z.array(z.string().min(1)).default([]),
    /** Function words ignored when matching, per language (also what tells the languages apart). */
    stopwords: z.object({ en: z.array(z.string()).default([]), vi: z.array(z.string()).default([]) }).strict(),
  })
  .strict();
export type Vocabulary = z.infer<typeof Vocabulary>;
