/**
 * The one logger: pino, one JSON object per line, behind Bolt's `Logger` interface
 * (debug/info/warn/error/setLevel/getLevel/setName) so Bolt, its Web API clients, the listeners,
 * the digest scheduler and the CLIs all write through it.
 *
 * Line format: {"level":"info","time":"2026-03-02T03:00:00.000Z","pid":1,"hostname":"h",
 * "name":"integ","req_id":"Ev012345","kind":"mention","msg":"…", …fields}
 * - `logger.info('message', { field: 1 })`: plain objects become fields, Errors become `err`
 *   (one line: code, Slack error, status; never request data).
 * - `req_id` and `kind` are added to every line written while a Slack request runs in
 *   `requestContext` (src/ops/requests.ts), Bolt's and the Web API client's own lines included.
 *
 * Each part is one of pino's documented options:
 * - `timestamp: pino.stdTimeFunctions.isoTime`, `formatters.level` (the label), `name`, and
 *   pino's default `base` (pid, hostname);
 * - `mixin`: req_id and kind of the request being handled;
 * - `hooks.logMethod`: Bolt's console-style arguments ('text', {fields}, error, …) become pino's
 *   (fields, message), every quoted string longer than EXCERPT cut to an excerpt and a message at
 *   most MAX_MESSAGE characters (Bolt, the Web API client and Socket Mode dump request and
 *   response bodies at debug level: their shape stays, user text does not);
 * - `redact`: fields named like a credential (token, password, authorization, …) are replaced;
 * - `hooks.streamWrite`: in the finished line, the configured secrets (also JSON-escaped),
 *   anything shaped like a Slack token (xoxb-…, xoxp-…, xapp-…, …) and the password of a URL with
 *   credentials (postgres://user:…@host) are replaced by "[redacted]", wherever they appear;
 * - the destination: `stderrDestination()` writes asynchronously, in batches (integ serve).
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

const REDACTED = '[redacted]';
const TOKEN_SHAPE = /\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g;
/** The password of a URL with credentials (postgres://user:password@host/db). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"]*:)[^\s@/"]+@/gi;
/** Fields whose value is a credential whatever it looks like (pino `redact` paths, top level and one down). */
const CREDENTIAL_FIELDS = ['token', 'bot_token', 'user_token', 'app_token', 'password', 'authorization', 'client_secret', 'signing_secret'];

/**
 * A function replacing by "[redacted]" each secret value (and its JSON-escaped form, as it
 * appears inside a log line), anything shaped like a Slack token and the password of a URL with
 * credentials. Values shorter than 4 characters are not secrets worth hiding (and would blank out
 * ordinary words).
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.filter((s) => s && s.length >= 4).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  return (text) => {
    let out = text;
    for (const f of forms) out = out.replaceAll(f, REDACTED);
    return out.replace(TOKEN_SHAPE, REDACTED).replace(URL_PASSWORD, `$1${REDACTED}@`);
  };
}

/** `text` with secrets, Slack-token-shaped strings and URL passwords replaced by "[redacted]". */
export function redact(text: string, secrets: readonly string[]): string {
  return redactor(secrets)(text);
}

const QUOTED = new RegExp(`"((?:[^"\\\\]|\\\\.){${EXCERPT + 1},})"`, 'g');

/**
 * Every double-quoted string (as in JSON) longer than EXCERPT characters cut to an excerpt, then
 * the whole text capped at MAX_MESSAGE: what Bolt, the Web API client and Socket Mode dump at
 * debug level keeps its shape without user text.
 */
export function limitText(text: string): string {
  let out = text.length > EXCERPT ? text.replace(QUOTED, (_m, inner: string) => `"${inner.slice(0, EXCERPT).replace(/\\(u[0-9a-fA-F]{0,3})?$/, '')}…"`) : text;
  if (out.length > MAX_MESSAGE) out = `${out.slice(0, MAX_MESSAGE)}… [${out.length - MAX_MESSAGE} more characters]`;
  return out;
}

/** One line for any error: code, Slack's error string, status and message; never request data. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err === 'string' ? err : inspect(err, { depth: 1, breakLength: Infinity });
  const e = err as Error & { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number };
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

/** Where lines go: pino's destination (serve: stderrDestination()). */
export type LogDestination = pino.DestinationStream;

export interface CreateLoggerOptions {
  level?: LogLevelName;
  /** Values to hide wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go (default: stderr, synchronously). */
  destination?: LogDestination;
  /** Where lines go, one JSON object per call without the newline (tests, the digest CLI); instead of `destination`. */
  write?: (line: string) => void;
  name?: string;
}

/** How many characters the log destination of `integ serve` gathers before it writes them… */
export const LOG_BATCH_CHARS = 4096;
/** …and how often it writes what it has gathered so far, so a quiet server's lines still show. */
export const LOG_FLUSH_MS = 200;

/**
 * stderr through pino's asynchronous destination (sonic-boom): lines are gathered and written in
 * batches (`minLength`), at the latest LOG_FLUSH_MS after they were logged (`periodicFlush`), so
 * logging costs a request no blocking write (stderr is a pipe under most supervisors). pino flushes
 * what is left synchronously when the process exits, normally or through process.exit()
 * (pinojs/pino#1091); serve turns SIGTERM and SIGINT into a normal exit, so no line is lost then.
 */
export function stderrDestination(fd = 2): LogDestination {
  return pino.destination({ dest: fd, sync: false, minLength: LOG_BATCH_CHARS, periodicFlush: LOG_FLUSH_MS });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** A copy of `v` (a field's value) with `fix` applied to each of its strings and each error's description. */
function mapStrings(v: unknown, fix: (text: string) => string, depth = 0): unknown {
  if (typeof v === 'string') return fix(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return fix(describeError(v));
  if (depth > 4) return '[…]';
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => mapStrings(x, fix, depth + 1));
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k in v) if (Object.hasOwn(v, k)) out[k] = mapStrings(v[k], fix, depth + 1);
  return out;
}

/**
 * limitText for integ's own lines: a text that may be cut is redacted first, so that no part of a
 * secret survives the cut (the rest is redacted with the whole line, by hooks.streamWrite).
 */
const limiter = (hide: (t: string) => string) => (text: string): string => (text.length <= EXCERPT ? text : limitText(hide(text)));

/** Bolt's console-style arguments ('text', {fields}, error, …) as pino's (fields, message), limited. */
function toFieldsAndMessage(args: readonly unknown[], limit: (t: string) => string): [Record<string, unknown>, string] {
  const fields: Record<string, unknown> = {};
  let msg = '';
  const say = (text: string) => {
    if (text) msg = msg ? `${msg} ${text}` : text;
  };
  for (const a of args) {
    if (typeof a === 'string') say(a);
    else if (a instanceof Error) {
      if (fields.err === undefined) fields.err = describeError(a);
      else say(describeError(a));
    } else if (isPlainObject(a)) Object.assign(fields, a);
    else if (a !== undefined) say(inspect(a, { depth: 2, breakLength: Infinity }));
  }
  return [mapStrings(fields, limit) as Record<string, unknown>, limit(msg)];
}

const LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];
const asLevel = (l: unknown): LogLevelName => (LEVELS.includes(l as LogLevelName) ? (l as LogLevelName) : 'info');
/** Loggers made by createLogger, with the secrets they hide (redactingLogger need not wrap them again). */
const OWN = new WeakMap<object, ReadonlySet<string>>();

/** The structured logger (pino) behind Bolt's Logger interface. */
export function createLogger(opts: CreateLoggerOptions = {}): IntegLogger {
  const secrets = [...(opts.secrets ?? [])];
  const hide = redactor(secrets);
  const limit = limiter(hide);
  const write = opts.write;
  const destination = opts.destination ?? (write ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) } : pino.destination({ dest: 2, sync: true }));
  const root = pino(
    {
      name: opts.name ?? 'integ',
      level: opts.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const c = requestContext.getStore();
        return c ? { req_id: c.reqId, kind: c.kind } : {};
      },
      redact: { paths: CREDENTIAL_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: REDACTED },
      hooks: {
        logMethod(args, method) {
          method.apply(this, toFieldsAndMessage(args, limit));
        },
        streamWrite: hide,
      },
    },
    destination,
  );
  const logger = adapt(root, limit);
  OWN.set(logger, new Set(secrets));
  return logger;
}

/** A pino logger as Bolt's Logger: its methods take Bolt's arguments (hooks.logMethod converts them). */
function adapt(p: pino.Logger, limit: (t: string) => string): IntegLogger {
  const log = (level: LogLevelName) => (...args: unknown[]) => Reflect.apply(p[level], p, args);
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => {
      p.level = asLevel(l);
    },
    getLevel: () => asLevel(p.level) as LogLevel,
    // One logger is shared by Bolt, its clients and integ, and every line is named integ: renaming
    // it for one of them would rename the lines of all (and pino would write a second "name").
    setName: () => undefined,
    child: (bindings) => adapt(p.child(mapStrings(bindings, limit) as Record<string, unknown>), limit),
  };
}

/** Wraps any Bolt logger (e.g. one passed in by tests) so that what reaches it is redacted and limited the same way. */
export function redactingLogger(inner: Logger, secrets: readonly string[]): IntegLogger {
  const own = OWN.get(inner);
  if (own && secrets.every((s) => own.has(s))) return inner as IntegLogger; // already redacts these
  const hide = redactor(secrets);
  const fix = (text: string): string => limitText(hide(text));
  const clean = (m: unknown): unknown => (typeof m === 'string' || m instanceof Error || isPlainObject(m) ? mapStrings(m, fix) : fix(inspect(m, { depth: 2, breakLength: Infinity })));
  const wrap = (fn: (...m: unknown[]) => void) => (...msg: unknown[]): void => fn(...msg.map(clean));
  const child = (inner as Partial<IntegLogger>).child;
  return {
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
    setLevel: (l) => inner.setLevel(l),
    getLevel: () => inner.getLevel(),
    setName: (n) => inner.setName(n),
    child: (bindings) => (child ? redactingLogger(child.call(inner, bindings), secrets) : redactingLogger(inner, secrets)),
  };
}
