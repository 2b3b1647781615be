/**
 * The one logger: pino, one JSON object per line on stderr, adapted to Bolt's `Logger` interface
 * (debug/info/warn/error/setLevel/getLevel/setName) so Bolt, its Web API clients, the listeners,
 * the digest scheduler and the CLIs all write through it.
 *
 * Line format: {"level":"info","time":"2026-03-02T03:00:00.000Z","pid":1,"hostname":"h",
 * "name":"integ","req_id":"Ev012345","kind":"mention","msg":"…", …fields}
 * - `logger.info('message', { field: 1 })`: plain objects become fields, Errors become `err`
 *   (one line: code, Slack error, status; never request data).
 * - `req_id` and `kind` are added to every line written while a Slack request is handled
 *   (src/ops/requests.ts runs each request in `requestContext`), Bolt's and the Web API client's
 *   own lines included.
 *
 * Guarantees:
 * - secrets (the configured tokens and signing secret, also JSON-escaped), anything shaped like
 *   a Slack token (xoxb-…, xoxp-…, xapp-…, …) and the password of a URL with credentials
 *   (postgres://user:…@host) are replaced by "[redacted]" in the final line;
 * - user text longer than EXCERPT characters never appears: integ's own lines carry no user text,
 *   and the request/response dumps Bolt and the Web API client write at debug level have every
 *   quoted string longer than EXCERPT cut to an excerpt ("…"); a message is at most MAX_MESSAGE
 *   characters.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import type { Logger, LogLevel } from '@slack/bolt';
import pino from 'pino';

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

/** The longest piece of user text (or any quoted string in a dump) a log line may carry. */
export const EXCERPT = 80;
/** The longest message. */
export const MAX_MESSAGE = 2000;

const TOKEN_SHAPE = /\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g;
/** The password of a URL with credentials (postgres://user:password@host/db). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"]*:)[^\s@/"]+@/gi;
const REDACTED = '[redacted]';

/**
 * Secret values (and their JSON-escaped forms), Slack-token-shaped strings and URL passwords
 * replaced by "[redacted]". Every log line goes through it, so each replacement runs only when a
 * cheap substring check says it could apply (a clean line costs a few `includes`).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    if (out.includes(s)) out = out.split(s).join(REDACTED);
    const escaped = jsonEscaped(s);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  if (out.includes('xox') || out.includes('xapp')) out = out.replace(TOKEN_SHAPE, REDACTED);
  if (out.includes('://')) out = out.replace(URL_PASSWORD, `$1${REDACTED}@`);
  return out;
}

const escapedForms = new Map<string, string>();
/** A secret as it appears inside a JSON string. */
function jsonEscaped(s: string): string {
  let e = escapedForms.get(s);
  if (e === undefined) {
    e = JSON.stringify(s).slice(1, -1);
    if (escapedForms.size < 100) escapedForms.set(s, e);
  }
  return e;
}

/** The first `max` characters of `text`, with "…" when cut. */
export function excerpt(text: string, max: number = EXCERPT): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

const QUOTED = new RegExp(`"((?:[^"\\\\]|\\\\.){${EXCERPT + 1},})"`, 'g');

/**
 * Every double-quoted string (as in JSON) longer than EXCERPT characters cut to an excerpt, then
 * the whole text capped at MAX_MESSAGE: what Bolt, the Web API client and Socket Mode dump at
 * debug level (request bodies, results, WebSocket messages) keeps its shape without user text.
 */
export function limitText(text: string): string {
  let out = text.length > EXCERPT ? text.replace(QUOTED, (_m, inner: string) => `"${inner.slice(0, EXCERPT).replace(/\\(u[0-9a-fA-F]{0,3})?$/, '')}…"`) : text;
  if (out.length > MAX_MESSAGE) out = `${out.slice(0, MAX_MESSAGE)}… [${out.length - MAX_MESSAGE} more characters]`;
  return out;
}

/** One line for any error: code, Slack's error string, status and message; never request data. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err === 'string' ? err : inspect(err, { depth: 1, breakLength: Infinity });
  const e = err as Error & { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; original?: unknown };
  const parts = [e.name !== 'Error' ? e.name : null, e.code ?? null, e.data?.error ? `slack error ${e.data.error}` : null, e.statusCode ? `HTTP ${e.statusCode}` : null, e.retryAfter !== undefined ? `retry after ${e.retryAfter}s` : null]
    .filter(Boolean)
    .join(', ');
  return parts ? `${e.message} (${parts})` : e.message;
}

/** The Slack request being handled (one per incoming command, event or action). */
export interface RequestContext {
  /** The event_id, trigger_id, or a generated id. */
  reqId: string;
  kind: string;
  /** The intent of the answer given, once there is one. */
  intent: string | null;
  answered: boolean | null;
  /** Set when the request failed (app.error() was reached). */
  failed?: boolean;
}

/** Set while a Slack request is handled (src/ops/requests.ts); every log line written meanwhile carries req_id and kind. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Bolt's Logger, with child loggers. */
export interface IntegLogger extends Logger {
  /** A logger whose lines all carry `bindings` as fields. */
  child(bindings: Record<string, string | number | boolean | null>): IntegLogger;
}

export interface CreateLoggerOptions {
  level?: LogLevelName;
  /** Values to hide wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go, one JSON object per call, without the newline (default: stderr). */
  write?: (line: string) => void;
  name?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * Bolt-style arguments ('text', {fields}, error, …) as pino's (fields, message). `lineRedacted`:
 * the whole line is redacted when written (createLogger), so text that is not cut to an excerpt
 * need not be redacted here as well; text that is cut is redacted first (a secret must not
 * survive in part).
 */
function toRecord(args: unknown[], secrets: readonly string[], lineRedacted: boolean): { fields: Record<string, unknown>; msg: string } {
  const fields: Record<string, unknown> = {};
  let msg = '';
  for (const a of args) {
    if (typeof a === 'string') {
      if (a) msg = msg ? `${msg} ${a}` : a;
    } else if (a instanceof Error) {
      if (fields.err === undefined) fields.err = limitText(redact(describeError(a), secrets));
      else msg = msg ? `${msg} ${describeError(a)}` : describeError(a);
    } else if (isPlainObject(a)) {
      Object.assign(fields, sanitize(a, secrets, 0, lineRedacted));
    } else if (a !== undefined) {
      const text = inspect(a, { depth: 2, breakLength: Infinity });
      msg = msg ? `${msg} ${text}` : text;
    }
  }
  return { fields, msg: limited(msg, secrets, lineRedacted) };
}

const isShortText = (v: unknown): v is string => typeof v === 'string' && v.length <= EXCERPT;

/** A plain object whose values are numbers, booleans, null or short strings (what toRecord leaves as it is when the line is redacted). */
function isFlatAndShort(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  for (const k in v) {
    const x = v[k];
    if (x !== null && typeof x !== 'number' && typeof x !== 'boolean' && !isShortText(x)) return false;
  }
  return true;
}

/** limitText(redact(text)), skipping the redaction when the line is redacted anyway and nothing is cut. */
function limited(text: string, secrets: readonly string[], lineRedacted: boolean): string {
  if (lineRedacted && text.length <= EXCERPT) return text; // limitText leaves it as it is
  return limitText(redact(text, secrets));
}

/** A copy of `v` with strings redacted and limited (fields of log lines). */
function sanitize(v: unknown, secrets: readonly string[], depth = 0, lineRedacted = false): unknown {
  if (typeof v === 'string') return limited(v, secrets, lineRedacted);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return limitText(redact(describeError(v), secrets));
  if (Array.isArray(v)) return depth > 4 ? '[…]' : v.slice(0, 50).map((x) => sanitize(x, secrets, depth + 1, lineRedacted));
  if (isPlainObject(v)) {
    if (depth > 4) return '[…]';
    const out: Record<string, unknown> = {};
    for (const k in v) if (Object.hasOwn(v, k)) out[k] = sanitize(v[k], secrets, depth + 1, lineRedacted);
    return out;
  }
  return v;
}

/**
 * pino's `"time"` field, ISO 8601 in UTC as pino.stdTimeFunctions.isoTime writes it, with the
 * date and time up to the second formatted once a second rather than for every line.
 */
export function isoTime(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== timeCache.second) {
    timeCache.second = second;
    timeCache.prefix = `,"time":"${new Date(second * 1000).toISOString().slice(0, 20)}`;
  }
  const ms = now - second * 1000;
  return `${timeCache.prefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
}
const timeCache = { second: NaN, prefix: '' };

const LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];
/** Loggers made by createLogger, with the secrets they hide (redactingLogger need not wrap them again). */
const OWN = new WeakMap<object, ReadonlySet<string>>();
const asLevel = (l: unknown): LogLevelName => (LEVELS.includes(l as LogLevelName) ? (l as LogLevelName) : 'info');

/** The structured logger (pino) behind Bolt's Logger interface. */
export function createLogger(opts: CreateLoggerOptions = {}): IntegLogger {
  const secrets = [...(opts.secrets ?? [])];
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const stream = {
    write(chunk: string) {
      write(redact(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk, secrets));
    },
  };
  const root = pino(
    {
      name: opts.name ?? 'integ',
      level: opts.level ?? 'info',
      timestamp: isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const c = requestContext.getStore();
        return c ? { req_id: c.reqId, kind: c.kind } : {};
      },
    },
    stream,
  );
  return adapt(root, secrets);
}

function adapt(initial: pino.Logger, secrets: readonly string[]): IntegLogger {
  let p = initial;
  const emit = (level: LogLevelName) => (...args: unknown[]) => {
    if (!p.isLevelEnabled(level)) return;
    // a short message with flat, short fields (integ's request lines) goes to pino as it is:
    // toRecord would copy it unchanged, and the line is redacted when written
    if (args.length === 2 && isShortText(args[0]) && isFlatAndShort(args[1])) {
      p[level](args[1], args[0]);
      return;
    }
    const { fields, msg } = toRecord(args, secrets, true);
    p[level](fields, msg);
  };
  const logger: IntegLogger = {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    setLevel: (l: LogLevel) => {
      p.level = asLevel(l);
    },
    getLevel: () => asLevel(p.level) as LogLevel,
    setName: (name: string) => {
      p = p.child({ name });
    },
    child: (bindings) => adapt(p.child(sanitize(bindings, secrets, 0, true) as Record<string, unknown>), secrets),
  };
  OWN.set(logger, new Set(secrets));
  return logger;
}

/** Wraps any Bolt logger (e.g. one passed in by tests) so that what reaches it is redacted and limited the same way. */
export function redactingLogger(inner: Logger, secrets: readonly string[]): IntegLogger {
  const own = OWN.get(inner);
  if (own && secrets.every((s) => own.has(s))) return inner as IntegLogger; // already redacts these
  /** Skips the work for lines the inner logger would drop (when its level is one we know). */
  const enabled = (l: LogLevelName): boolean => {
    const at = LEVELS.indexOf(inner.getLevel?.() as LogLevelName);
    return at < 0 || LEVELS.indexOf(l) >= at;
  };
  const wrap = (l: LogLevelName, fn: (...m: unknown[]) => void) => (...msg: unknown[]): void => {
    if (!enabled(l)) return;
    fn(...msg.map((m) => (typeof m === 'string' || m instanceof Error || isPlainObject(m) ? sanitize(m, secrets) : limitText(redact(inspect(m, { depth: 2, breakLength: Infinity }), secrets)))));
  };
  const child = (inner as Partial<IntegLogger>).child;
  return {
    debug: wrap('debug', inner.debug.bind(inner)),
    info: wrap('info', inner.info.bind(inner)),
    warn: wrap('warn', inner.warn.bind(inner)),
    error: wrap('error', inner.error.bind(inner)),
    setLevel: (l) => inner.setLevel(l),
    getLevel: () => inner.getLevel(),
    setName: (n) => inner.setName(n),
    child: (bindings) => (child ? redactingLogger(child.call(inner, bindings), secrets) : redactingLogger(inner, secrets)),
  };
}
