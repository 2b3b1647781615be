import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/serve.js';
import { loadConfig } from '../../src/config.js';
import { startScheduler, type DigestLogger } from '../../src/digest/runner.js';
import { createLogger, EXCERPT, limitText, LOG_BATCH_CHARS, redact, redactingLogger } from '../../src/ops/logger.js';
import { ROOT } from '../../src/paths.js';
import { ACTION } from '../../src/render/blocks.js';
import { createApp, type IntegApp } from '../../src/slack/app.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { MemoryStore } from '../../src/store/memory.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { actionBody, commandBody, eventBody, postSigned } from '../helpers/sign.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { sample } from './util.js';

const APP_TOKEN = 'xapp-1-A1-111-secretapptokenvalue';
/** Anything shaped like a Slack token that is not the redaction marker. */
const TOKEN_LIKE = /xox[abposre]-|xapp-/;

let api: SlackStandIn | null = null;
let dir: string | null = null;
let integ: IntegApp | null = null;
afterEach(async () => {
  await integ?.stop();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  integ = null;
  api = null;
  dir = null;
});

/** A question whose tail (past the excerpt) carries a marker that must never reach the logs. */
function longQuestion(tail: string): string {
  const head = 'How much foreign direct investment did Vietnam attract in the first seven months of 2025, by sector and by partner';
  expect(head.length).toBeGreaterThan(EXCERPT);
  return `${head} ${tail}`;
}

function parseLines(out: string): Record<string, unknown>[] {
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
}

describe('logs of a full run', () => {
  it('contain no token, no signing secret and no user text past an excerpt when serving commands, mentions, DMs, buttons and a digest at debug level', async () => {
    api = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'integ-ops-logs-'));
    // a weekly digest due now (its slot an hour ago, subscribed long ago)
    const seed = await openLowdbStore(dir);
    await seed.putSubscription({ teamId: null, channel: 'CDIGEST', ...slotAnHourAgo(), tz: 'UTC', createdBy: 'U1', createdAt: '2020-01-01T00:00:00Z' });
    await seed.close();
    // Slack echoing a token back in a result must not reach the logs either
    api.answer('views.publish', { ok: true, view: { id: 'V1' }, echoed: BOT_TOKEN });

    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', INTEG_DATA_DIR: dir, LOG_LEVEL: 'debug', METRICS: '1' };
    let out = '';
    let port: number | null = null;
    const stop = new AbortController();
    const done = run([], { env, engine: fakeEngine(), signal: stop.signal, stderr: (t) => (out += t), onReady: (i) => (port = i.port) });
    await expect.poll(() => port, { timeout: 5000 }).not.toBeNull();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const post = (body: string) => postSigned(url, body, { secret: SIGNING_SECRET });

    const markers = ['TAILCMD7731', 'TAILMENTION7732', 'TAILDM7733', 'TAILSHARE7734'];
    expect((await post(commandBody({ text: longQuestion(markers[0]), trigger_id: '111.222.cmd' }))).status).toBe(200);
    await post(eventBody({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${longQuestion(markers[1])}`, ts: '1700000100.000100', channel: 'C1' }, { event_id: 'EvLOGMENTION1' }));
    await post(eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: longQuestion(markers[2]), ts: '1700000200.000100', channel: 'D1' }));
    await post(eventBody({ type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' }));
    await post(
      actionBody({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, trigger_id: '111.222.btn', channel: { id: 'C1' }, actions: [{ type: 'button', action_id: ACTION.share, value: longQuestion(markers[3]) }], response_url: api.responseUrl('share') }),
    );
    await post(commandBody({ text: 'boom', trigger_id: '111.222.boom' }));
    await api.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 3 && calls.some((c) => c.method === 'views.publish'));
    await expect.poll(() => /digest: run finished/.test(out), { timeout: 5000 }).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    // serve shares one registry between the app and the digest scheduler
    expect(sample(metrics, 'integ_digests_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(metrics, 'integ_digest_runs_total')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'integ_slack_api_calls_total', { method: 'chat.postMessage', result: 'ok' })).toBeGreaterThanOrEqual(3);
    for (const m of ['TAILCMD7731', 'TAILMENTION7732', 'TAILDM7733', 'TAILSHARE7734', 'How much']) expect(metrics).not.toContain(m);
    stop.abort();
    expect(await done).toBe(0);

    expect(out).toContain('integ: stopped');
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain(SIGNING_SECRET);
    expect(out).not.toMatch(TOKEN_LIKE);
    for (const m of markers) expect(out).not.toContain(m);

    const lines = parseLines(out);
    for (const l of lines) {
      expect(l).toMatchObject({ level: expect.stringMatching(/^(debug|info|warn|error)$/), time: expect.any(String), name: 'integ', msg: expect.any(String) });
    }
    // Bolt and the Web API client did dump bodies at debug level, cut to excerpts
    expect(lines.some((l) => String(l.msg).startsWith('http request body:') && String(l.msg).includes('…'))).toBe(true);
    // one line per handled request, with its request id
    const handled = lines.filter((l) => l.msg === 'integ: request handled');
    expect(handled.find((l) => l.req_id === '111.222.cmd')).toMatchObject({ kind: 'command', intent: 'fdi', answered: true, failed: false });
    // answered: at debug level (info is for the requests that failed, went unanswered or were slow)
    expect(handled.find((l) => l.req_id === 'EvLOGMENTION1')).toMatchObject({ kind: 'mention', level: 'debug' });
    expect(handled.find((l) => l.req_id === '111.222.btn')).toMatchObject({ kind: 'action' });
    expect(handled.find((l) => l.req_id === '111.222.boom')).toMatchObject({ kind: 'command', failed: true });
    // the failure is logged once, with the same request id
    expect(lines.filter((l) => l.level === 'error' && String(l.msg).startsWith('integ: command /integ failed'))).toEqual([expect.objectContaining({ req_id: '111.222.boom' })]);
    // the Web API client's own lines during a request carry its id too
    expect(lines.some((l) => l.req_id === 'EvLOGMENTION1' && String(l.msg).startsWith("apiCall('chat.postMessage')"))).toBe(true);
    // the digest run: one summary line
    expect(lines.filter((l) => l.msg === 'digest: run finished')).toEqual([expect.objectContaining({ level: 'info', due: 1, delivered: 1, failed: 0, skipped: 0, unknown: 0 })]);
  }, 30_000);

  it('writes request lines at info only for requests that failed or went unanswered, with their id, kind, intent and outcome, and the request id on integ\'s warnings, when logging at info level', async () => {
    api = await startSlackStandIn();
    const lines: string[] = [];
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', LOG_LEVEL: 'info' });
    const logger = createLogger({ level: 'info', secrets: [BOT_TOKEN, SIGNING_SECRET], write: (l) => lines.push(l) });
    // a store that cannot record unanswered questions: a warning during the request
    class FullStore extends MemoryStore {
      override async recordUnanswered(): Promise<void> {
        throw new Error('disk full');
      }
    }
    integ = createApp({ config, engine: fakeEngine(), store: new FullStore(), logger, handleCommand: null });
    const { port } = await integ.start();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const post = (body: string) => postSigned(url, body, { secret: SIGNING_SECRET });
    expect((await post(commandBody({ text: 'fdi 2025', trigger_id: '555.666.fdi' }))).status).toBe(200);
    expect((await post(commandBody({ text: 'unknown thing', trigger_id: '555.666.gap' }))).status).toBe(200);
    expect((await post(commandBody({ text: 'help', trigger_id: '555.666.help' }))).status).toBe(200);
    expect((await post(commandBody({ text: 'boom', trigger_id: '555.666.boom' }))).status).toBe(200);
    await integ.stop();
    integ = null;

    const parsed = parseLines(lines.join('\n'));
    const handled = parsed.filter((l) => l.msg === 'integ: request handled');
    expect(handled.map((l) => l.req_id).sort()).toEqual(['555.666.boom', '555.666.gap']);
    expect(handled.find((l) => l.req_id === '555.666.gap')).toMatchObject({ level: 'info', kind: 'command', intent: 'none', answered: false, failed: false });
    expect(handled.find((l) => l.req_id === '555.666.boom')).toMatchObject({ level: 'info', kind: 'command', failed: true });
    expect(parsed.filter((l) => l.level === 'warn' && String(l.msg).startsWith('integ: could not record unanswered question'))).toEqual([expect.objectContaining({ req_id: '555.666.gap' })]);
  });

  it('contain neither the app token nor the bot token when connected over Socket Mode at debug level', async () => {
    const { startSocketModeStandIn } = await import('../helpers/socket-mode.js');
    api = await startSlackStandIn();
    const ws = await startSocketModeStandIn();
    const lines: string[] = [];
    try {
      api.answer('apps.connections.open', { ok: true, url: ws.url });
      const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.apiUrl, LOG_LEVEL: 'debug' });
      const logger = createLogger({ level: 'debug', secrets: [BOT_TOKEN, APP_TOKEN], write: (l) => lines.push(l) });
      integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger, handleCommand: null });
      await integ.start();
      ws.send({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { command: '/integ', text: longQuestion('TAILSOCKET7735'), team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: api.responseUrl('sm'), trigger_id: '333.444.sock', api_app_id: 'A1', token: APP_TOKEN },
      });
      await ws.waitFor((r) => r.some((m) => m.envelope_id === 'env-1'));
      await integ.stop();
      integ = null;
    } finally {
      await ws.close();
    }
    const out = lines.join('\n');
    expect(out).toContain('Received a message on the WebSocket');
    expect(out).not.toContain(APP_TOKEN);
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toMatch(TOKEN_LIKE);
    expect(out).not.toContain('TAILSOCKET7735');
    expect(parseLines(out).find((l) => l.msg === 'integ: request handled')).toMatchObject({ req_id: '333.444.sock', kind: 'command' });
  });
});

/** A weekly slot (UTC) an hour before now, so a digest is due whatever day the tests run. */
function slotAnHourAgo(): { weekday: number; time: string } {
  const t = new Date(Date.now() - 3_600_000);
  return { weekday: t.getUTCDay() || 7, time: `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}` };
}

describe('digest logs', () => {
  it('writes one summary line (due, delivered, failed, skipped, unknown) per run when digests are due', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const logger: DigestLogger = {
      debug: (m, meta) => log.debug(m, meta ?? {}),
      info: (m, meta) => log.info(m, meta ?? {}),
      warn: (m, meta) => log.warn(m, meta ?? {}),
      error: (m, meta) => log.error(m, meta ?? {}),
    };
    const store = new MemoryStore();
    for (const channel of ['C1', 'C2', 'C3']) {
      await store.putSubscription({ teamId: null, channel, ...slotAnHourAgo(), tz: 'UTC', createdBy: 'U1', createdAt: '2020-01-01T00:00:00Z' });
    }
    const summaries: unknown[] = [];
    await new Promise<void>((resolve) => {
      const s = startScheduler({ store, kb: null, logger, intervalMs: 3_600_000, post: async () => ({ ts: '1.1' }), onRun: (r) => { summaries.push(r); void s.stop().then(resolve); } });
    });
    expect(summaries).toEqual([{ due: 3, delivered: 3, failed: 0, skipped: 0, unknown: 0 }]);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ level: 'info', msg: 'digest: run finished', due: 3, delivered: 3, failed: 0, skipped: 0, unknown: 0 });
  });

  it('writes nothing at info level when no digest is due', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    await new Promise<void>((resolve) => {
      const s = startScheduler({ store: new MemoryStore(), kb: null, logger: log, intervalMs: 3_600_000, post: async () => ({ ts: '1.1' }), onRun: () => void s.stop().then(resolve) });
    });
    expect(lines).toEqual([]);
  });
});

/** Runs tests/ops/log-writer-child.ts: its stderr and exit code. */
function runWriter(how: 'return' | 'exit', count: number): Promise<{ out: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/ops/log-writer-child.ts'), how, String(count)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ out, code })));
}

describe('the log destination of integ serve', () => {
  it('writes lines after the call that logged them, and all of them, when the process ends normally or through process.exit', async () => {
    for (const how of ['return', 'exit'] as const) {
      const count = 20;
      const { out, code } = await runWriter(how, count);
      expect(code).toBe(0);
      // fewer characters than a batch: none was written while it was logged, all of them at exit
      expect(out.length).toBeLessThan(LOG_BATCH_CHARS);
      const [first, ...rest] = out.trimEnd().split('\n');
      expect(first).toBe('MARK');
      expect(rest.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
    }
  }, 30_000);

  it('loses no line and mixes none with another when many batches are under way at process.exit', async () => {
    const count = 5000;
    const { out, code } = await runWriter('exit', count);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n').filter((l) => l !== 'MARK');
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
  }, 30_000);
});

describe('line times', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the time of each line as ISO 8601 in UTC when logging at any instant', () => {
    vi.useFakeTimers();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (t) => {
        vi.setSystemTime(t);
        const lines: string[] = [];
        createLogger({ write: (l) => lines.push(l) }).info('tick');
        expect(JSON.parse(lines[0]!)).toMatchObject({ time: new Date(t).toISOString(), msg: 'tick' });
      }),
      { numRuns: 50 },
    );
  });
});

describe('redaction and excerpts', () => {
  it('redacts exactly as replacing every secret, token shape and URL password unconditionally would, for any line', () => {
    const secrets = ['sig"ning\\secret-123', 'xoxb-1111-2222-secretbottoken', 'plain-secret'];
    const full = (text: string) => {
      let out = text;
      for (const s of secrets) {
        out = out.split(s).join('[redacted]');
        const escaped = JSON.stringify(s).slice(1, -1);
        if (escaped !== s) out = out.split(escaped).join('[redacted]');
      }
      return out.replace(/\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g, '[redacted]').replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"]*:)[^\s@/"]+@/gi, '$1[redacted]@');
    };
    const piece = fc.constantFrom(...secrets, JSON.stringify(secrets[0]), 'xoxp-9-q', 'xapp-1-A-xyz', 'xoxe.xoxb-1-x', 'postgres://u:pw@h/db', 'HTTPS://a:b@c', 'xox', 'xapp', '://', ' ', '"', '\\', 'plain', 'integ: request handled');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 12 }), (parts) => {
        const line = parts.join('');
        expect(redact(line, secrets)).toBe(full(line));
      }),
      { numRuns: 2000 },
    );
  });

  it('redacts a secret when it appears JSON-escaped in a line', () => {
    const secret = 'sig"ning\\secret-123';
    expect(redact(JSON.stringify({ s: secret }), [secret])).toBe('{"s":"[redacted]"}');
  });

  it('redacts the password of a URL with credentials when a line quotes a database URL', () => {
    expect(redact('cannot connect to postgres://integ:s3cr3t-pw@db.internal:5432/integ', [])).toBe('cannot connect to postgres://integ:[redacted]@db.internal:5432/integ');
    expect(redact('see https://example.org/a:b and user@example.org', [])).toBe('see https://example.org/a:b and user@example.org');
  });

  it('cuts quoted strings longer than the excerpt when a message dumps a body', () => {
    const body = JSON.stringify({ text: `${'a'.repeat(EXCERPT)}SECRETTAIL`, short: 'kept' });
    const cut = limitText(`http request body: ${body}`);
    expect(cut).not.toContain('SECRETTAIL');
    expect(cut).toContain(`"${'a'.repeat(EXCERPT)}…"`);
    expect(cut).toContain('"short":"kept"');
  });

  it('does not wrap integ\'s own logger again when it already hides the same secrets', () => {
    const log = createLogger({ secrets: [SIGNING_SECRET] });
    expect(redactingLogger(log, [SIGNING_SECRET])).toBe(log);
    expect(redactingLogger(log, [SIGNING_SECRET, BOT_TOKEN])).not.toBe(log);
  });

  it('replaces fields named like a credential whatever their value when logging them', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.info('payload', { token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', channel: 'C1', installation: { bot_token: 'plain-value', client_secret: 'abc123def456' }, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(JSON.parse(lines[0]!)).toMatchObject({
      token: '[redacted]',
      channel: 'C1',
      installation: { bot_token: '[redacted]', client_secret: '[redacted]' },
      headers: { authorization: '[redacted]' },
    });
  });

  it('never writes a token or a secret passed in fields, errors or child bindings', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', secrets: [SIGNING_SECRET], write: (l) => lines.push(l) });
    log.info('token', { nested: { deep: [`Bearer ${BOT_TOKEN}`] } }, new Error(`failed with ${SIGNING_SECRET}`));
    log.child({ who: APP_TOKEN }).warn(`x ${SIGNING_SECRET}`);
    const out = lines.join('\n');
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain(SIGNING_SECRET);
    expect(out).not.toContain(APP_TOKEN);
    expect(JSON.parse(lines[0])).toMatchObject({ nested: { deep: ['Bearer [redacted]'] }, err: 'failed with [redacted]' });
  });
});
