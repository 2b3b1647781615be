/**
 * The logger handed to Bolt (and its Web API client): one line per message on stderr, with every
 * secret value and anything shaped like a Slack token replaced by "[redacted]".
 */
import { inspect } from 'node:util';
import type { Logger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import type { LogLevelName } from '../config.js';

const ORDER: Record<LogLevelName, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const TOKEN_SHAPE = /\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out.replace(TOKEN_SHAPE, '[redacted]');
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

export interface CreateLoggerOptions {
  level?: LogLevelName;
  /** Values to hide wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go (default: stderr). */
  write?: (line: string) => void;
  name?: string;
}

export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  let level: LogLevelName = opts.level ?? 'info';
  let name = opts.name ?? 'integ';
  const secrets = opts.secrets ?? [];
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const format = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? describeError(m) : inspect(m, { depth: 2, breakLength: Infinity }))).join(' ');
  const log = (l: LogLevelName) => (...msg: unknown[]) => {
    if (ORDER[l] < ORDER[level]) return;
    write(redact(`${new Date().toISOString()} ${l.toUpperCase()} ${name} ${format(msg)}`, secrets));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => {
      level = l as LogLevelName;
    },
    getLevel: () => level as LogLevel,
    setName: (n: string) => {
      name = n;
    },
  };
}

/** Wraps any logger so that what reaches it has secrets redacted. */
export function redactingLogger(inner: Logger, secrets: readonly string[]): Logger {
  const wrap = (fn: (...m: unknown[]) => void) => (...msg: unknown[]) =>
    fn(...msg.map((m) => redact(typeof m === 'string' ? m : m instanceof Error ? describeError(m) : inspect(m, { depth: 2, breakLength: Infinity }), secrets)));
  return {
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
    setLevel: (l) => inner.setLevel(l),
    getLevel: () => inner.getLevel(),
    setName: (n) => inner.setName(n),
  };
}
