/**
 * The ONE place that makes untrusted text safe for Slack. Slack treats only `&`, `<` and `>` as
 * control characters (mentions `<@U…>`, `<!here>`, links `<url|label>`, `<!date…>` all need `<`),
 * so escaping those three is enough to make any text inert; nothing else is stripped or changed.
 * Mrkdwn text objects built from escaped text must also set `verbatim: true` so Slack does not
 * auto-link bare URLs or channel names (see blocks.ts).
 */

export const ELLIPSIS = '…';

/** `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`. Nothing else changes. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * The inverse, for text Slack sends us (message, command and action text arrive entity-escaped).
 * Half a surrogate pair (broken UTF-16, possible in JSON) becomes U+FFFD: it could not be sent on.
 */
export function unescapeSlack(text: string): string {
  return wellFormed(text.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>')));
}

/** Half a surrogate pair (broken UTF-16, possible in JSON a client sends) → U+FFFD: it could not be sent on. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * A safe cut index ≤ `at` in `text`: never between the halves of a surrogate pair, never inside an
 * entity (`&amp;`), and never inside a `<…>` link or mention we built (escaped user text has no raw `<`).
 */
function safeCut(text: string, at: number, mrkdwn: boolean): number {
  let cut = Math.max(0, Math.min(at, text.length));
  if (cut > 0 && cut < text.length && isHigh(text.charCodeAt(cut - 1))) cut -= 1;
  if (!mrkdwn || cut === 0) return cut;
  // inside an entity: an '&' in the last 5 characters whose ';' comes at or after the cut
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && cut - amp < 6) {
    const semi = text.indexOf(';', amp);
    if (semi >= cut) cut = amp;
  }
  // inside a <…> we built
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  return cut;
}

function cutTo(text: string, max: number, mrkdwn: boolean): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  let cut = safeCut(text, max - ELLIPSIS.length, mrkdwn);
  const space = text.lastIndexOf(' ', cut);
  if (space > 0 && cut - space <= 20 && space > cut / 2 && safeCut(text, space, mrkdwn) === space) cut = space;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * Plain text cut to at most `max` UTF-16 code units (what Slack and JS count), ending with "…"
 * (counted in `max`) when cut; never splits a surrogate pair; prefers a space near the end.
 */
export function truncate(text: string, max: number): string {
  return cutTo(text, max, false);
}

/** Like truncate, for mrkdwn we built: also never cuts inside an entity (`&amp;`) or a `<…>` link. */
export function truncateMrkdwn(text: string, max: number): string {
  return cutTo(text, max, true);
}

/** Escape, then truncate to `max` (the limit applies to what is sent). */
export function escapeText(text: string, max = Infinity): string {
  const escaped = escapeMrkdwn(text);
  return Number.isFinite(max) ? truncateMrkdwn(escaped, max) : escaped;
}

/** A URL we may link to: http(s), parseable, and free of the characters that end or split a Slack link. */
export function safeUrl(url: string | null | undefined, maxLength = 1000): string | null {
  if (!url || url.length > maxLength) return null;
  if (/[|<>\s]/.test(url)) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  } catch {
    return null;
  }
  // '&' is legal in URLs but a control character for Slack.
  return url.replace(/&/g, '&amp;');
}

/** `<url|label>` when the URL is safe, else the escaped label alone. `label` is raw text. */
export function link(url: string | null | undefined, label: string, maxLabel = 200): string {
  const safe = safeUrl(url);
  const text = escapeText(label, maxLabel);
  return safe ? `<${safe}|${text}>` : text;
}

const MARKUP_OR_SURROGATE = /[<&\uD800-\uDFFF]/;

/**
 * Slack-formatted incoming text → readable plain text for the engine: `<@U1>` → "@U1",
 * `<#C1|general>` → "#general", `<!here>` → "@here", `<url|label>` → label, `<!date^…|fallback>` →
 * fallback, then entities decoded. (Everything is escaped again when shown.)
 */
export function slackToPlain(text: string): string {
  // most questions have no markup, no entity and no surrogate: nothing below would change them
  if (!MARKUP_OR_SURROGATE.test(text)) return text;
  const plain = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) return label ? `@${label}` : target;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!subteam^')) return label || '@group';
    if (target.startsWith('!date')) return label;
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    return label || target;
  });
  return unescapeSlack(plain);
}
