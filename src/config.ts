/**
 * The process environment, read and validated once. Secrets (tokens, signing secret) are never put
 * into error messages or logs: use `describeConfig()` for anything printed.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';
export type SlackMode = 'http' | 'socket';

export interface Config {
  slack: {
    /** SLACK_BOT_TOKEN (xoxb-…), null when unset. */
    botToken: string | null;
    /** SLACK_SIGNING_SECRET (HTTP mode), null when unset. */
    signingSecret: string | null;
    /** SLACK_APP_TOKEN (xapp-…): Socket Mode when set. */
    appToken: string | null;
    /** SLACK_API_URL: the Web API base, always ending in "/". */
    apiUrl: string;
  };
  /** 'socket' when SLACK_APP_TOKEN is set, otherwise 'http'. */
  mode: SlackMode;
  /** PORT for HTTP mode (0 = any free port). */
  port: number;
  /** INTEG_DATA_DIR, absolute. */
  dataDir: string;
  /** INTEG_TZ, a valid IANA time zone. */
  tz: string;
  logLevel: LogLevelName;
  /** METRICS=1 (or true/on/yes): serve GET /metrics. */
  metrics: boolean;
  /** HEALTH_PORT: in Socket Mode, where /healthz, /readyz and /metrics are served (null: nowhere). */
  healthPort: number | null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_API_URL = 'https://slack.com/api/';

/** Empty or blank values count as unset. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

const portNumber = () =>
  z.string().regex(/^\d{1,5}$/, { error: 'must be a port number (0-65535)' }).transform(Number)
    .refine((n) => n <= 65535, { error: 'must be a port number (0-65535)' });

// Messages never echo the value (tokens are secrets; zod 4 does not include input unless asked).
const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-\S+$/, { error: 'must be a bot token starting with "xoxb-"' })),
  SLACK_SIGNING_SECRET: optional(z.string().regex(/^\S{8,}$/, { error: 'must be the app\'s signing secret (8+ characters, no spaces)' })),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-\S+$/, { error: 'must be an app-level token starting with "xapp-"' })),
  SLACK_API_URL: optional(z.string().refine(isHttpUrl, { error: 'must be an http(s) URL such as https://slack.com/api/' })),
  PORT: optional(
    z.string().regex(/^\d{1,5}$/, { error: 'must be a port number (0-65535)' }).transform(Number)
      .refine((n) => n <= 65535, { error: 'must be a port number (0-65535)' }),
  ),
  INTEG_DATA_DIR: optional(z.string()),
  INTEG_TZ: optional(z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Ho_Chi_Minh' })),
  LOG_LEVEL: optional(
    z.string().transform((s) => s.toLowerCase())
      .pipe(z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' })),
  ),
  METRICS: optional(
    z.string().transform((s) => s.toLowerCase())
      .pipe(z.enum(['1', 'true', 'on', 'yes', '0', 'false', 'off', 'no'], { error: 'must be 1 (on) or 0 (off)' })),
  ),
  HEALTH_PORT: optional(portNumber()),
});

/** Reads and validates `env` (pure: no caching). Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'} ${i.message}`);
    throw new ConfigError(`integ: invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let apiUrl = e.SLACK_API_URL ?? DEFAULT_API_URL;
  if (!apiUrl.endsWith('/')) apiUrl += '/';
  const appToken = e.SLACK_APP_TOKEN ?? null;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? null,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken,
      apiUrl,
    },
    mode: appToken ? 'socket' : 'http',
    port: e.PORT ?? 3000,
    dataDir: resolve(cwd, e.INTEG_DATA_DIR ?? join(cwd, 'data')),
    tz: e.INTEG_TZ ?? 'Asia/Ho_Chi_Minh',
    logLevel: e.LOG_LEVEL ?? 'info',
    metrics: ['1', 'true', 'on', 'yes'].includes(e.METRICS ?? '0'),
    healthPort: e.HEALTH_PORT ?? null,
  };
}

let cached: Config | null = null;

/** The process configuration, read from process.env on first use. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

/** The Slack settings the app needs to start in its mode; throws ConfigError naming what is missing. */
export function requireSlack(config: Config): { botToken: string; signingSecret: string | null; appToken: string | null } {
  const missing: string[] = [];
  if (!config.slack.botToken) missing.push('SLACK_BOT_TOKEN (the bot token, xoxb-…)');
  if (!config.slack.appToken && !config.slack.signingSecret) {
    missing.push('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode, xapp-…)');
  }
  if (missing.length) throw new ConfigError(`integ: cannot start the Slack app, missing:\n  ${missing.join('\n  ')}`);
  return { botToken: config.slack.botToken!, signingSecret: config.slack.signingSecret, appToken: config.slack.appToken };
}

/** Every secret value in the config (for redaction). */
export function secretsOf(config: Config): string[] {
  return [config.slack.botToken, config.slack.signingSecret, config.slack.appToken].filter((s): s is string => !!s);
}

/** A printable summary: secrets shown only as set/unset. */
export function describeConfig(config: Config): Record<string, string | number> {
  const set = (v: string | null) => (v ? 'set' : 'unset');
  return {
    mode: config.mode,
    SLACK_BOT_TOKEN: set(config.slack.botToken),
    SLACK_SIGNING_SECRET: set(config.slack.signingSecret),
    SLACK_APP_TOKEN: set(config.slack.appToken),
    SLACK_API_URL: config.slack.apiUrl,
    PORT: config.port,
    INTEG_DATA_DIR: config.dataDir,
    INTEG_TZ: config.tz,
    LOG_LEVEL: config.logLevel,
    METRICS: config.metrics ? 'on' : 'off',
    HEALTH_PORT: config.healthPort ?? 'unset',
  };
}
