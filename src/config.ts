/**
 * The process environment, read and validated once. Secrets (tokens, signing secret) are never put
 * into error messages or logs: use `describeConfig()` for anything printed.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { canonicalZone, isTimeZone } from './zones.js';

/** A database URL for printing: scheme, user, host, port and path; never a password or query. */
function describeDatabaseUrl(url: string): string {
  if (/^pglite:/i.test(url)) return url;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return '(set, unparseable)';
  }
}

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
    /** SLACK_CLIENT_ID (OAuth installs into many workspaces), null when unset. */
    clientId: string | null;
    /** SLACK_CLIENT_SECRET (OAuth), null when unset. */
    clientSecret: string | null;
    /** SLACK_STATE_SECRET: signs the OAuth state parameter (the same on every replica), null when unset. */
    stateSecret: string | null;
  };
  /** DATABASE_URL (src/store/open.ts decides what it opens), null when unset: the lowdb store under dataDir. */
  databaseUrl: string | null;
  /** 'socket' when SLACK_APP_TOKEN is set, otherwise 'http'. */
  mode: SlackMode;
  /** PORT for HTTP mode (0 = any free port). */
  port: number;
  /** INTEG_DATA_DIR, absolute. */
  dataDir: string;
  /** INTEG_TZ, a valid IANA time zone, spelled as IANA spells it (src/zones.ts). */
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
  SLACK_CLIENT_ID: optional(z.string().regex(/^\d+\.\d+$/, { error: 'must be the app\'s Client ID, digits.digits (Basic Information → App Credentials)' })),
  SLACK_CLIENT_SECRET: optional(z.string().regex(/^\S{8,}$/, { error: 'must be the app\'s Client Secret (8+ characters, no spaces)' })),
  SLACK_STATE_SECRET: optional(z.string().regex(/^\S{16,}$/, { error: 'must be a random secret of 16+ characters, no spaces (the same on every replica)' })),
  DATABASE_URL: optional(z.string()),
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
      clientId: e.SLACK_CLIENT_ID ?? null,
      clientSecret: e.SLACK_CLIENT_SECRET ?? null,
      stateSecret: e.SLACK_STATE_SECRET ?? null,
    },
    databaseUrl: e.DATABASE_URL ?? null,
    mode: appToken ? 'socket' : 'http',
    port: e.PORT ?? 3000,
    dataDir: resolve(cwd, e.INTEG_DATA_DIR ?? join(cwd, 'data')),
    tz: canonicalZone(e.INTEG_TZ ?? 'Asia/Ho_Chi_Minh'),
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

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

/** What the Slack app starts with: one workspace's bot token, or OAuth installs into many (botToken null). */
export type SlackSettings =
  | { botToken: string; signingSecret: string | null; appToken: string | null; oauth: null }
  | { botToken: null; signingSecret: string; appToken: null; oauth: OAuthSettings };

const OAUTH_VARS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/**
 * The Slack settings the app needs to start in its mode; throws ConfigError naming what is missing.
 * With SLACK_BOT_TOKEN: one workspace (HTTP or Socket Mode). Without it, SLACK_CLIENT_ID,
 * SLACK_CLIENT_SECRET and SLACK_STATE_SECRET with SLACK_SIGNING_SECRET: OAuth installs into many
 * workspaces (HTTP mode only).
 */
export function requireSlack(config: Config): SlackSettings {
  const { slack } = config;
  const oauthValues = { SLACK_CLIENT_ID: slack.clientId, SLACK_CLIENT_SECRET: slack.clientSecret, SLACK_STATE_SECRET: slack.stateSecret };
  if (!slack.botToken && OAUTH_VARS.some((v) => oauthValues[v])) {
    const missing: string[] = OAUTH_VARS.filter((v) => !oauthValues[v]).map((v) => `${v} (OAuth installs into many workspaces)`);
    if (!slack.signingSecret) missing.push('SLACK_SIGNING_SECRET (OAuth installs need HTTP mode)');
    if (missing.length) throw new ConfigError(`integ: cannot start the Slack app, missing:\n  ${missing.join('\n  ')}`);
    if (slack.appToken) {
      throw new ConfigError('integ: OAuth installs (SLACK_CLIENT_ID…) need HTTP mode: unset SLACK_APP_TOKEN, or set SLACK_BOT_TOKEN for one workspace in Socket Mode');
    }
    return { botToken: null, signingSecret: slack.signingSecret!, appToken: null, oauth: { clientId: slack.clientId!, clientSecret: slack.clientSecret!, stateSecret: slack.stateSecret! } };
  }
  const missing: string[] = [];
  if (!slack.botToken) {
    missing.push('SLACK_BOT_TOKEN (the bot token, xoxb-…), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (OAuth installs into many workspaces)');
  }
  if (!slack.appToken && !slack.signingSecret) {
    missing.push('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode, xapp-…)');
  }
  if (missing.length) throw new ConfigError(`integ: cannot start the Slack app, missing:\n  ${missing.join('\n  ')}`);
  return { botToken: slack.botToken!, signingSecret: slack.signingSecret, appToken: slack.appToken, oauth: null };
}

/** The password of a database URL (as written and decoded), for redaction; [] when none. */
function databasePasswords(url: string | null): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    const found = [u.password, decodeURIComponent(u.password), u.searchParams.get('password') ?? ''];
    return [...new Set(found.filter((p) => p.length > 0))];
  } catch {
    return [url]; // unparseable: hide all of it
  }
}

/** Every secret value in the config (for redaction): tokens, secrets and the DATABASE_URL password. */
export function secretsOf(config: Config): string[] {
  const { slack } = config;
  return [slack.botToken, slack.signingSecret, slack.appToken, slack.clientSecret, slack.stateSecret, ...databasePasswords(config.databaseUrl)].filter(
    (s): s is string => !!s,
  );
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
    SLACK_CLIENT_ID: config.slack.clientId ?? 'unset',
    SLACK_CLIENT_SECRET: set(config.slack.clientSecret),
    SLACK_STATE_SECRET: set(config.slack.stateSecret),
    DATABASE_URL: config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : 'unset',
    PORT: config.port,
    INTEG_DATA_DIR: config.dataDir,
    INTEG_TZ: config.tz,
    LOG_LEVEL: config.logLevel,
    METRICS: config.metrics ? 'on' : 'off',
    HEALTH_PORT: config.healthPort ?? 'unset',
  };
}
