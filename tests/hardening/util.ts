/** Shared checks for the hardening tests: inert markup, no link_names / parse: full, raw HTTP posts. */
import { request } from 'node:http';
import { expect } from 'vitest';
import type { ApiCall } from '../helpers/slack-api.js';

/** Every string inside a value (object keys excluded). */
export function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/**
 * The strings Slack may render: everything except a button's `value` (opaque data that Slack
 * only sends back to integ on a click, never shows or parses).
 */
export function shownStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) shownStrings(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) if (!(k === 'value' && o.type === 'button')) shownStrings(x, out);
  }
  return out;
}

/**
 * Every `<…>` control sequence in the strings of `payload` (Slack parses `<!…>`, `<@…>`, `<#…>` and
 * `<url|label>` only when the `<` is raw), in what Slack may render.
 */
export function controlSequences(payload: unknown): string[] {
  return shownStrings(payload).flatMap((s) => s.match(/<[^<>]*>?/g) ?? []);
}

/**
 * Asserts no `<!`, `<@`, `<#` or `<http` reaches Slack except the sequences integ builds itself:
 * knowledge-base source links (`<https://…|title>` with a URL in `sourceUrls`), `Shared by <@U…>`,
 * and mentions of the people Slack named in the requests (`users`: who added a deadline, its owner).
 */
export function expectInert(payload: unknown, opts: { sourceUrls?: { test(url: string): boolean }; sharedBy?: string; users?: Iterable<string> } = {}): void {
  const users = new Set(opts.users ?? []);
  for (const seq of controlSequences(payload)) {
    if (opts.sharedBy && seq === `<@${opts.sharedBy}>`) continue;
    if (/^<@[UW][A-Z0-9]+>$/.test(seq) && users.has(seq.slice(2, -1))) continue;
    if (opts.sourceUrls && /^<https?:\/\/[^|<>\s]+\|[^<>]*>$/.test(seq) && opts.sourceUrls.test(seq.slice(1, seq.indexOf('|')))) continue;
    expect.fail(`user text reached Slack as markup: ${JSON.stringify(seq)} in ${JSON.stringify(payload).slice(0, 400)}`);
  }
}

/** No recorded Web API call (or response URL post) asks Slack to parse names or links in text. */
export function expectNoParsing(calls: ApiCall[]): void {
  for (const c of calls) {
    const a = c.args ?? {};
    expect(a.link_names === true || a.link_names === 'true' || a.link_names === 1 || a.link_names === '1', `${c.method} sets link_names`).toBe(false);
    expect(a.parse, `${c.method} sets parse`).not.toBe('full');
  }
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Slack's limits on a message (or Home view) payload, and no split surrogate pair anywhere. */
export function expectWithinLimits(blocks: any[], maxBlocks: number): void {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const b of blocks) {
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
    if (b.type === 'section' && b.accessory?.type === 'overflow') {
      const o = b.accessory;
      expect(o.options.length).toBeGreaterThanOrEqual(1);
      expect(o.options.length).toBeLessThanOrEqual(5);
      for (const opt of o.options) {
        expect(opt.text.text.length).toBeLessThanOrEqual(75);
        expect(opt.value.length).toBeLessThanOrEqual(150);
      }
      if (o.confirm) {
        expect(o.confirm.title.text.length).toBeLessThanOrEqual(100);
        expect(o.confirm.text.text.length).toBeLessThanOrEqual(300);
        expect(o.confirm.confirm.text.length).toBeLessThanOrEqual(30);
        expect(o.confirm.deny.text.length).toBeLessThanOrEqual(30);
      }
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(10);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'actions') {
      for (const e of b.elements) {
        expect(e.text.text.length).toBeLessThanOrEqual(75);
        expect((e.value ?? '').length).toBeLessThanOrEqual(2000);
      }
    }
  }
  for (const s of strings(blocks)) expect(LONE.test(s), `split surrogate pair in ${JSON.stringify(s.slice(0, 80))}`).toBe(false);
}

export const hasLoneSurrogate = (s: string): boolean => LONE.test(s);

/**
 * A POST over node:http with headers given as [name, value] pairs, so a header can be sent twice
 * or left out (fetch would merge or normalise them).
 */
export function rawPost(url: string, body: string, headers: [string, string][]): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    const grouped = new Map<string, string[]>();
    for (const [k, v] of headers) grouped.set(k, [...(grouped.get(k) ?? []), v]);
    for (const [k, vs] of grouped) req.setHeader(k, vs.length === 1 ? vs[0] : vs);
    req.setHeader('content-length', Buffer.byteLength(body));
    req.on('error', reject);
    req.end(body);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
