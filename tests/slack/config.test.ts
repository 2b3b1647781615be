import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_API_URL, describeConfig, loadConfig, requireSlack, secretsOf } from '../../src/config.js';

const BOT = 'xoxb-123-456-abcdefsecret';
const SECRET = 'abcdef0123456789abcdef0123456789';
const APP = 'xapp-1-A111-222-secretvalue';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/integ');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({}, '/srv/integ')).toEqual({
      slack: { botToken: null, signingSecret: null, appToken: null, apiUrl: DEFAULT_API_URL, clientId: null, clientSecret: null, stateSecret: null },
      databaseUrl: null,
      mode: 'http',
      port: 3000,
      dataDir: '/srv/integ/data',
      tz: 'Asia/Ho_Chi_Minh',
      logLevel: 'info',
      metrics: false,
      healthPort: null,
    });
  });

  it('reads every variable and picks Socket Mode when SLACK_APP_TOKEN is set', () => {
    const c = loadConfig(
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: APP, SLACK_API_URL: 'http://127.0.0.1:9999/api', PORT: '8080', INTEG_DATA_DIR: 'state', INTEG_TZ: 'Europe/Paris', LOG_LEVEL: 'DEBUG' },
      '/srv/integ',
    );
    expect(c).toEqual({
      slack: { botToken: BOT, signingSecret: SECRET, appToken: APP, apiUrl: 'http://127.0.0.1:9999/api/', clientId: null, clientSecret: null, stateSecret: null },
      databaseUrl: null,
      mode: 'socket',
      port: 8080,
      dataDir: '/srv/integ/state',
      tz: 'Europe/Paris',
      logLevel: 'debug',
      metrics: false,
      healthPort: null,
    });
  });

  it('keeps INTEG_TZ as IANA spells it, whatever case it was given in', () => {
    expect(loadConfig({ INTEG_TZ: 'etc/gmt+12' }, '/x').tz).toBe('Etc/GMT+12');
    expect(loadConfig({ INTEG_TZ: 'asia/ho_chi_minh' }, '/x').tz).toBe('Asia/Ho_Chi_Minh');
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ SLACK_APP_TOKEN: '  ', PORT: '' }, '/x')).toMatchObject({ mode: 'http', port: 3000, slack: { appToken: null } });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ INTEG_TZ: 'Mars/Olympus' }, 'INTEG_TZ'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SLACK_API_URL: 'ftp://example.org/' }, 'SLACK_API_URL'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token-secret' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_APP_TOKEN: 'xoxb-not-an-app-token-secret' }, 'SLACK_APP_TOKEN'],
    [{ SLACK_SIGNING_SECRET: 'short' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_CLIENT_ID: 'not-an-id-secret' }, 'SLACK_CLIENT_ID'],
    [{ SLACK_CLIENT_SECRET: 'short' }, 'SLACK_CLIENT_SECRET'],
    [{ SLACK_STATE_SECRET: 'short-secret' }, 'SLACK_STATE_SECRET'],
  ])('names the variable in a clear error when %o is invalid', (env, name) => {
    const err = configError(env);
    expect(err.message).toContain(name);
    expect(err.message).toMatch(/must be/);
    for (const v of Object.values(env)) if (/secret|short/.test(v)) expect(err.message).not.toContain(v);
  });

  it('lists every bad variable at once', () => {
    const err = configError({ PORT: 'x', INTEG_TZ: 'Nowhere/Town' });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('INTEG_TZ');
  });
});

describe('requireSlack', () => {
  it('names the missing bot token and secret when neither mode can start', () => {
    const err = (() => {
      try {
        requireSlack(loadConfig({}, '/x'));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('SLACK_BOT_TOKEN');
    expect(err!.message).toContain('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode');
  });

  it('accepts a bot token with either a signing secret or an app token', () => {
    expect(requireSlack(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }, '/x')).signingSecret).toBe(SECRET);
    expect(requireSlack(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }, '/x')).appToken).toBe(APP);
  });
});

const OAUTH = { SLACK_CLIENT_ID: '1234567890.9876543210', SLACK_CLIENT_SECRET: 'client-secret-0123456789', SLACK_STATE_SECRET: 'state-secret-0123456789abcdef' };

describe('OAuth installs and DATABASE_URL', () => {
  it('reads the OAuth variables and DATABASE_URL', () => {
    const c = loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: SECRET, DATABASE_URL: ' postgres://integ:pw@db:5432/integ ' }, '/x');
    expect(c.slack).toMatchObject({ clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET });
    expect(c.databaseUrl).toBe('postgres://integ:pw@db:5432/integ');
  });

  it('starts OAuth installs in HTTP mode without a bot token', () => {
    const s = requireSlack(loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: SECRET }, '/x'));
    expect(s).toEqual({ botToken: null, signingSecret: SECRET, appToken: null, oauth: { clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET } });
  });

  it('keeps one workspace when SLACK_BOT_TOKEN is set, even with the OAuth variables', () => {
    expect(requireSlack(loadConfig({ ...OAUTH, SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }, '/x'))).toMatchObject({ botToken: BOT, oauth: null });
  });

  it('names the missing OAuth variables, and refuses OAuth in Socket Mode', () => {
    const message = (env: Record<string, string>) => {
      try {
        requireSlack(loadConfig(env, '/x'));
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    const m = message({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID });
    expect(m).toContain('SLACK_CLIENT_SECRET');
    expect(m).toContain('SLACK_STATE_SECRET');
    expect(m).toContain('SLACK_SIGNING_SECRET');
    expect(m).not.toContain('SLACK_CLIENT_ID (');
    expect(message({ ...OAUTH, SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: APP })).toMatch(/OAuth installs .* need HTTP mode/);
  });

  it('redacts the client and state secrets and the DATABASE_URL password, and prints neither', () => {
    const c = loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: SECRET, DATABASE_URL: 'postgres://integ:p%40ss-s3cret@db:5432/integ' }, '/x');
    const secrets = secretsOf(c);
    for (const s of [OAUTH.SLACK_CLIENT_SECRET, OAUTH.SLACK_STATE_SECRET, 'p%40ss-s3cret', 'p@ss-s3cret']) expect(secrets).toContain(s);
    expect(secrets).not.toContain(OAUTH.SLACK_CLIENT_ID);
    const printed = JSON.stringify(describeConfig(c));
    for (const s of [OAUTH.SLACK_CLIENT_SECRET, OAUTH.SLACK_STATE_SECRET, 's3cret']) expect(printed).not.toContain(s);
    expect(printed).toContain('"DATABASE_URL":"postgres://integ@db:5432/integ"');
    expect(printed).toContain('"SLACK_STATE_SECRET":"set"');
  });
});

describe('describeConfig', () => {
  it('shows secrets only as set or unset when printing the configuration', () => {
    const printed = JSON.stringify(describeConfig(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: APP }, '/x')));
    for (const s of [BOT, SECRET, APP]) expect(printed).not.toContain(s);
    expect(printed).toContain('"SLACK_BOT_TOKEN":"set"');
  });
});
