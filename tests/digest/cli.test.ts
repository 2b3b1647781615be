import * as fsp from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as deadlinesCli } from '../../src/cli/deadlines.js';
import { run as digestCli, type DigestCliOptions } from '../../src/cli/digest.js';
import { DATA_FILE, openLowdbStore } from '../../src/store/lowdb.js';
import type { Subscription } from '../../src/store/types.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { kb } from './fixtures.js';

const NOW = '2025-10-06T02:30:00Z'; // Monday 09:30 in Ho Chi Minh City, week 2025-W41

interface Posted {
  channel: string;
  text: string;
  blocks: string;
}

/** A stand-in for Slack's Web API: chat.postMessage per channel behaviour, and an empty conversations.history. */
async function fakeSlack(behaviour: Record<string, 'not_found' | '500'> = {}) {
  const posted: Posted[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const json = (() => {
        try {
          return JSON.parse(body) as Record<string, unknown>;
        } catch {
          return null;
        }
      })();
      const get = (k: string) => (json ? (typeof json[k] === 'string' ? (json[k] as string) : JSON.stringify(json[k])) : form.get(k) ?? '');
      if (req.url?.endsWith('/conversations.history')) {
        // no earlier post: a digest whose answer was lost is posted again
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, messages: [], has_more: false }));
        return;
      }
      if (!req.url?.endsWith('/chat.postMessage')) {
        res.writeHead(404).end();
        return;
      }
      const channel = get('channel');
      const b = behaviour[channel];
      if (b === '500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('oops');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (b === 'not_found') {
        res.end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
        return;
      }
      posted.push({ channel, text: get('text'), blocks: get('blocks') });
      res.end(JSON.stringify({ ok: true, channel, ts: `1759717800.00${++n}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return { url, posted, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const sub = (channel: string): Subscription => ({
  teamId: null,
  channel,
  weekday: 1,
  time: '09:00',
  tz: 'Asia/Ho_Chi_Minh',
  createdBy: 'U1',
  createdAt: '2025-09-01T00:00:00.000Z',
});

let dir: string;
let slack: Awaited<ReturnType<typeof fakeSlack>> | null = null;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'integ-cli-'));
});
afterEach(async () => {
  await slack?.close();
  slack = null;
  await fsp.rm(dir, { recursive: true, force: true });
});

async function seed(fn: (s: Awaited<ReturnType<typeof openLowdbStore>>) => Promise<void>) {
  const s = await openLowdbStore(dir);
  await fn(s);
  await s.close();
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
}

const env = (extra: Record<string, string> = {}) => ({
  INTEG_DATA_DIR: dir,
  INTEG_TZ: 'Asia/Ho_Chi_Minh',
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  LOG_LEVEL: 'error',
  ...extra,
});

const digestRun = (extraEnv: Record<string, string>, args: string[] = ['run', '--now', NOW]) => {
  const o = io();
  return digestCli(args, {
    env: env(extraEnv),
    loadKb: () => kb,
    stdout: o.stdout,
    stderr: o.stderr,
  }).then((code) => ({ code, out: o.out.join(''), err: o.err.join('') }));
};

describe('integ digest run', () => {
  it('also posts the due-day reminders due at that instant, with a line of their own, and a second run posts neither', async () => {
    slack = await fakeSlack();
    await seed(async (s) => {
      // digest on Fridays, subscribed on Saturday: no digest due on this Monday
      await s.putSubscription({ ...sub('C1'), weekday: 5, createdAt: '2025-10-04T00:00:00.000Z', reminders: true });
      await s.addDeadline({ channel: 'C1', title: 'Due today', due: '2025-10-06', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
      await s.addDeadline({ channel: 'C1', title: 'Due tomorrow', due: '2025-10-07', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
    });
    const first = await digestRun({ SLACK_API_URL: slack.url });
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      'digest run at 2025-10-06T02:30:00.000Z: due 0, delivered 0, failed 0, skipped 0, unknown 0\n' +
        'reminders at 2025-10-06T02:30:00.000Z: due 1, delivered 1, failed 0, skipped 0, unknown 0\n',
    );
    expect(slack.posted.map((p) => [p.channel, p.text])).toEqual([['C1', '⏰ Due today: Due today']]);

    const second = await digestRun({ SLACK_API_URL: slack.url });
    expect(second.out).toBe('digest run at 2025-10-06T02:30:00.000Z: due 0, delivered 0, failed 0, skipped 0, unknown 0\n');
    expect(slack.posted).toHaveLength(1);
  });

  it('posts the due digests through SLACK_API_URL, then a second run posts nothing', async () => {
    slack = await fakeSlack();
    await seed(async (s) => {
      await s.putSubscription(sub('C1'));
      await s.putSubscription(sub('C2'));
      await s.addDeadline({ channel: 'C1', title: 'Team memo <!channel>', due: '2025-10-10', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
    });
    const first = await digestRun({ SLACK_API_URL: slack.url });
    expect(first.code).toBe(0);
    expect(first.out).toBe('digest run at 2025-10-06T02:30:00.000Z: due 2, delivered 2, failed 0, skipped 0, unknown 0\n');
    expect(slack.posted.map((p) => p.channel).sort()).toEqual(['C1', 'C2']);
    const c1 = slack.posted.find((p) => p.channel === 'C1')!;
    expect(c1.text).toContain('Weekly deadline digest');
    expect(JSON.parse(c1.blocks).length).toBeGreaterThan(1);
    expect(c1.blocks + c1.text).toContain('Team memo');
    expect(c1.blocks + c1.text).not.toMatch(/<!(channel|here|everyone)/);

    const second = await digestRun({ SLACK_API_URL: slack.url });
    expect(second.code).toBe(0);
    expect(second.out).toContain('due 0, delivered 0');
    expect(slack.posted.length).toBe(2);
    const data = JSON.parse(await fsp.readFile(join(dir, DATA_FILE), 'utf8'));
    expect(data.deliveries.map((d: { channel: string; week: string; status: string }) => [d.channel, d.week, d.status]).sort()).toEqual([
      ['C1', '2025-W41', 'delivered'],
      ['C2', '2025-W41', 'delivered'],
    ]);
  });

  it('unsubscribes a channel Slack no longer knows, delivers the rest, and exits 1', async () => {
    slack = await fakeSlack({ CGONE: 'not_found', C500: '500' });
    await seed(async (s) => {
      for (const c of ['C1', 'CGONE', 'C500']) await s.putSubscription(sub(c));
    });
    const r = await digestRun({ SLACK_API_URL: slack.url, LOG_LEVEL: 'warn' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('due 3, delivered 1, failed 2');
    expect(r.err).toMatch(/unsubscribed CGONE \(channel_not_found\)/);
    const data = JSON.parse(await fsp.readFile(join(dir, DATA_FILE), 'utf8'));
    expect(data.subscriptions.map((s: Subscription) => s.channel).sort()).toEqual(['C1', 'C500']);
    expect(data.deliveries.find((d: { channel: string }) => d.channel === 'C500').status).toBe('released');
    // the 5xx channel is retried by the next run within the week
    const again = await digestRun({ SLACK_API_URL: slack.url }, ['run', '--now', '2025-10-06T02:31:00Z']);
    expect(again.out).toContain('due 1, delivered 0, failed 1');
  });

  describe('when Slack takes a post and its answer is lost', () => {
    let api: SlackStandIn | null = null;
    afterEach(async () => {
      await api?.close();
      api = null;
    });
    const runOnce = (clientOptions?: DigestCliOptions['clientOptions']) => {
      const o = io();
      return digestCli(['run', '--now', NOW], { env: env({ SLACK_API_URL: api!.apiUrl, LOG_LEVEL: 'warn' }), loadKb: () => kb, stdout: o.stdout, stderr: o.stderr, ...(clientOptions ? { clientOptions } : {}) }).then(
        (code) => ({ code, out: o.out.join(''), err: o.err.join('') }),
      );
    };
    const ledger = async () => (JSON.parse(await fsp.readFile(join(dir, DATA_FILE), 'utf8')) as { deliveries: { channel: string; status: string; ts: string | null; error: string | null }[] }).deliveries;

    it.each([
      ['the connection drops before its answer', { accepted: true, reset: true }, undefined],
      ["its answer comes after the client's timeout", { accepted: true, delayMs: 1500 }, { timeout: 200 }],
    ])('posts one digest, and the summary and ledger say so, when %s', async (_name, failure, clientOptions) => {
      api = await startSlackStandIn({ now: () => Date.parse(NOW) });
      await seed(async (s) => s.putSubscription(sub('C1')));
      api.fail('chat.postMessage', failure);
      const r = await runOnce(clientOptions);
      expect(api.messages('C1')).toHaveLength(1);
      expect(r.out).toBe('digest run at 2025-10-06T02:30:00.000Z: due 1, delivered 1, failed 0, skipped 0, unknown 0\n');
      expect(r.code).toBe(0);
      expect(await ledger()).toEqual([expect.objectContaining({ channel: 'C1', status: 'delivered', ts: api.messages('C1')[0].ts })]);
      expect(api.callsOf('conversations.history')[0].args).toMatchObject({ channel: 'C1', include_all_metadata: 'true' });
      expect((await runOnce()).out).toContain('due 0');
      expect(api.messages('C1')).toHaveLength(1);
    });

    it('does not post again, warns and reports the digest as unknown when the history cannot be read', async () => {
      api = await startSlackStandIn({ now: () => Date.parse(NOW) });
      await seed(async (s) => s.putSubscription(sub('C1')));
      api.fail('chat.postMessage', { accepted: true, reset: true });
      api.fail('conversations.history', { error: 'missing_scope' });
      const r = await runOnce();
      expect(api.messages('C1')).toHaveLength(1);
      expect(api.callsOf('chat.postMessage')).toHaveLength(1);
      expect(r.out).toBe('digest run at 2025-10-06T02:30:00.000Z: due 1, delivered 0, failed 0, skipped 0, unknown 1\n');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/may or may not have been posted.*missing_scope/);
      expect(await ledger()).toEqual([expect.objectContaining({ channel: 'C1', status: 'failed', ts: null, error: expect.stringMatching(/^outcome unknown: .*missing_scope/) })]);
      // and never posted again that week
      expect((await runOnce()).out).toContain('due 0');
      expect(api.callsOf('chat.postMessage')).toHaveLength(1);
    });
  });

  it('refuses to run while another process holds the data directory', async () => {
    slack = await fakeSlack();
    await seed(async (s) => s.putSubscription(sub('C1')));
    const holder = await openLowdbStore(dir);
    try {
      const r = await digestRun({ SLACK_API_URL: slack.url });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/in use/);
      expect(slack.posted).toEqual([]);
    } finally {
      await holder.close();
    }
  });

  it('needs SLACK_BOT_TOKEN', async () => {
    const o = io();
    const code = await digestCli(['run', '--now', NOW], { env: { INTEG_DATA_DIR: dir }, loadKb: () => kb, stdout: o.stdout, stderr: o.stderr });
    expect(code).toBe(2);
    expect(o.err.join('')).toMatch(/SLACK_BOT_TOKEN/);
  });

  it('rejects a bad --now and an unknown subcommand', async () => {
    expect((await digestRun({}, ['run', '--now', 'yesterday'])).code).toBe(2);
    expect((await digestRun({}, ['send'])).code).toBe(2);
  });
});

describe('integ digest preview', () => {
  it("prints the channel's digest without posting, even while the store is locked", async () => {
    await seed(async (s) => {
      await s.addDeadline({ channel: 'C1', title: 'Team memo', due: '2025-10-10', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
    });
    const holder = await openLowdbStore(dir);
    try {
      const r = await digestRun({}, ['preview', '--channel', 'C1', '--now', NOW]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Weekly deadline digest — deadlines in the next 30 days: \d+\./);
      expect(r.out).toContain('Team memo — 10 Oct 2025 · ⚠️ due in 4 days · added by U7 on 1 Oct 2025 (d1)');
    } finally {
      await holder.close();
    }
  });
});

describe('integ deadlines', () => {
  const deadlines = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const o = io();
    const code = await deadlinesCli(args, { env: env(extraEnv), loadKb: () => kb, stdout: o.stdout, stderr: o.stderr });
    return { code, out: o.out.join(''), err: o.err.join('') };
  };

  it("lists source and the channel's deadlines as text, reading while another process holds the lock", async () => {
    await seed(async (s) => {
      await s.addDeadline({ channel: 'C1', title: 'Team memo', due: '2025-10-10', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
      await s.addDeadline({ channel: 'C2', title: 'Other channel', due: '2025-10-10', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
    });
    const holder = await openLowdbStore(dir);
    try {
      const r = await deadlines(['--channel', 'C1', '--now', NOW]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Deadlines in the next 30 days: \d+\./);
      expect(r.out).toContain('Team memo — 10 Oct 2025');
      expect(r.out).not.toContain('Other channel');
      expect(r.out).toContain('Sources:');
    } finally {
      await holder.close();
    }
  });

  it("prints a channel's deadline title with its control characters shown as escapes, never raw", async () => {
    await seed(async (s) => {
      await s.addDeadline({ channel: 'C1', title: 'Memo\x1b]0;pwned\x07\x1b[2J \u202Ecod.exe', due: '2025-10-10', createdBy: 'U7', createdAt: '2025-10-01T00:00:00Z' });
    });
    for (const r of [await deadlines(['--channel', 'C1', '--now', NOW]), await digestRun({}, ['preview', '--channel', 'C1', '--now', NOW])]) {
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      // (the bidi override is not even shown: titles never carry one, see commands.test.ts)
      expect(r.out).toContain('Memo\\x1b]0;pwned\\x07\\x1b[2J cod.exe — 10 Oct 2025');
    }
    const json = await deadlines(['--channel', 'C1', '--now', NOW, '--json']);
    expect(JSON.parse(json.out).items.find((i: { title: string }) => i.title.startsWith('Memo')).title).toBe('Memo\x1b]0;pwned\x07\x1b[2J cod.exe');
  });

  it('prints every item as JSON with --json', async () => {
    const r = await deadlines(['--json', '--now=2025-10-06T02:30:00Z']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ today: '2025-10-06', tz: 'Asia/Ho_Chi_Minh', channel: null });
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['work-plan.2026-2030', 'day.example', 'cybercrime-convention.signing', 'apec-2027']);
    expect(json.items[0]).toMatchObject({ status: 'past', daysLeft: -6, dueLabel: 'September 2025' });
  });

  it('works without a data directory', async () => {
    const r = await deadlines(['--channel', 'C1', '--now', NOW], { INTEG_DATA_DIR: join(dir, 'missing') });
    expect(r.code).toBe(0);
  });

  it('stops with the file name when the data file is corrupt', async () => {
    await fsp.writeFile(join(dir, DATA_FILE), '{"version":1,');
    const r = await deadlines(['--channel', 'C1', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(join(dir, DATA_FILE));
    expect(await fsp.readFile(join(dir, DATA_FILE), 'utf8')).toBe('{"version":1,');
  });

  it('rejects bad arguments', async () => {
    expect((await deadlines(['--now', '22/11/2026'])).code).toBe(2);
    expect((await deadlines(['--chanel', 'C1'])).code).toBe(2);
    expect((await deadlines(['--channel'])).code).toBe(2);
    expect((await deadlines([], { INTEG_TZ: 'Mars/Base' })).code).toBe(2);
  });
});
