import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { run as serve } from '../../src/cli/serve.js';
import type { ReminderTarget } from '../../src/digest/reminders.js';
import { DEADLINE_ACTION } from '../../src/render/deadlines.js';
import { POST_CLIENT_OPTIONS } from '../../src/slack/post.js';
import { REMINDER_EVENT_TYPE, slackReminderDelivery } from '../../src/slack/reminders.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import type { Subscription, TeamDeadline } from '../../src/store/types.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { commandBody, postSigned } from '../helpers/sign.js';
import { startSlackStandIn, type ApiCall, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';

let h: Harness | null = null;
let api: SlackStandIn | null = null;
let dir: string | null = null;
afterEach(async () => {
  await h?.stop();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = null;
  api = null;
  dir = null;
});

type Ack = { response_type: string; text: string; blocks: unknown[] };
async function command(text: string): Promise<Ack> {
  const res = await h!.post(commandBody({ text }));
  expect(res.status).toBe(200);
  return (await res.json()) as Ack;
}

const reminderPosts = (calls: ApiCall[]) => calls.filter((c) => c.method === 'chat.postMessage' && c.args.metadata?.event_type === REMINDER_EVENT_TYPE);

describe('/integ digest reminders through the real Bolt app', () => {
  it('turns reminders on for a channel with a digest, replying ephemerally, and stores them with the subscription', async () => {
    h = await startHarness({ handleCommand: undefined });
    await command('digest on friday 09:00');
    const ack = await command('digest reminders on');
    expect(ack.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack.blocks)).toContain('Due-day reminders on: on the day a deadline of this channel is due, integ posts a reminder here at 09:00 (Asia/Ho_Chi_Minh).');
    expect(await h.store.getSubscription('C1')).toMatchObject({ weekday: 5, time: '09:00', reminders: true });
    expect(h.engine.calls).toEqual([]);

    const status = await command('digest');
    expect(JSON.stringify(status.blocks)).toContain('Due-day reminders: on, at 09:00 (Asia/Ho_Chi_Minh) on the day each deadline is due.');
    await command('digest reminders off');
    expect((await h.store.getSubscription('C1'))?.reminders).toBeUndefined();
  });

  it('asks politely to subscribe first when the channel has no digest, and stores nothing', async () => {
    h = await startHarness({ handleCommand: undefined });
    const ack = await command('digest reminders on');
    expect(ack.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack.blocks)).toContain('turn it on first with `digest on`, then type `digest reminders on`.');
    expect(await h.store.listSubscriptions()).toEqual([]);
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('replies in Vietnamese when the channel set up its digest in Vietnamese', async () => {
    h = await startHarness({ handleCommand: undefined });
    await command('digest on thứ sáu 09:00');
    const ack = await command('digest reminders on');
    expect(JSON.stringify(ack.blocks)).toContain('Đã bật nhắc hạn trong ngày: vào ngày một hạn chót của kênh này đến hạn, integ sẽ đăng lời nhắc ở đây lúc 09:00 (Asia/Ho_Chi_Minh).');
  });
});

describe('slackReminderDelivery against the Slack stand-in', () => {
  const sub: Subscription = { teamId: null, channel: 'C1', weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U1', createdAt: '2020-01-01T00:00:00Z', reminders: true };
  const deadline: TeamDeadline = { id: 'd3', channel: 'C1', title: 'Submit <!here> the report', due: '2026-12-15', createdBy: 'U1', createdAt: '2026-12-01T00:00:00Z', owner: 'U07', done: false, doneAt: null };
  const target = (): ReminderTarget => ({ sub, deadline, key: 'reminder:d3:2026-12-15', slot: new Date(Date.now() - 60_000) });
  const view = { id: 'd3', title: deadline.title, due: deadline.due, owner: 'U07', lang: 'en' as const };

  it('posts the reminder with its blocks, an escaped title and metadata naming its channel and key', async () => {
    api = await startSlackStandIn({ now: () => Date.now() });
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: api.apiUrl, ...POST_CLIENT_OPTIONS });
    const delivery = slackReminderDelivery(async () => client);
    const posted = await delivery.post('C1', view, target());
    const [call] = api.callsOf('chat.postMessage');
    expect(posted).toEqual({ ts: call.ts, found: false });
    expect(call.args).toMatchObject({
      channel: 'C1',
      text: '⏰ Due today: Submit &lt;!here&gt; the report',
      unfurl_links: 'false', // form-encoded by the Web API client
      metadata: { event_type: REMINDER_EVENT_TYPE, event_payload: { channel: 'C1', key: 'reminder:d3:2026-12-15' } },
    });
    expect(JSON.stringify(call.args.blocks)).not.toContain('<!here>');
    expect(JSON.stringify(call.args.blocks)).toContain('<@U07>');
    expect(call.args.blocks[0].accessory.action_id).toBe(DEADLINE_ACTION.menu);
    expect(await delivery.findPosted(target())).toEqual({ ts: call.ts });
  });

  it("finds its own post in the channel instead of posting again when Slack's answer is lost", async () => {
    api = await startSlackStandIn({ now: () => Date.now() });
    api.fail('chat.postMessage', { accepted: true, reset: true });
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: api.apiUrl, ...POST_CLIENT_OPTIONS });
    const posted = await slackReminderDelivery(async () => client).post('C1', view, target());
    expect(posted.found).toBe(true);
    expect(api.messages('C1')).toHaveLength(1);
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);
  });
});

describe('integ serve posts due-day reminders', () => {
  it('posts the reminder to the channel once, on the due day at the digest time, after the commands that set it up', async () => {
    api = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'integ-serve-reminders-'));
    const clockFile = join(dir, 'clock');
    // Tuesday 15 Dec 2026, 08:00 in Ho Chi Minh City
    writeFileSync(clockFile, '2026-12-15T01:00:00.000Z');
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      PORT: '0',
      INTEG_DATA_DIR: join(dir, 'data'),
      INTEG_TEST_CLOCK: `file:${clockFile}`,
      INTEG_DIGEST_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
    };
    let port: number | null = null;
    let out = '';
    const stop = new AbortController();
    const done = serve([], { env, engine: fakeEngine(), signal: stop.signal, stderr: (t) => (out += t), onReady: (i) => (port = i.port) });
    try {
      await expect.poll(() => port, { timeout: 10_000 }).not.toBeNull();
      const url = `http://127.0.0.1:${port}/slack/events`;
      const slash = async (text: string) => {
        const res = await postSigned(url, commandBody({ text }), { secret: SIGNING_SECRET });
        expect(res.status).toBe(200);
        return JSON.stringify(await res.json());
      };
      expect(await slash('digest on friday 09:00')).toContain('Weekly deadline digest on');
      expect(await slash('deadline add 2026-12-15 Submit the report')).toContain('Added d1');
      expect(await slash('deadline add 2026-12-16 Tomorrow')).toContain('Added d2');
      expect(await slash('digest reminders on')).toContain('Due-day reminders on');

      // several checks at 08:00: nothing yet
      await new Promise((r) => setTimeout(r, 300));
      expect(reminderPosts(api.calls)).toEqual([]);

      writeFileSync(clockFile, '2026-12-15T02:01:00.000Z'); // 09:01
      await api.waitFor((calls) => reminderPosts(calls).length > 0, 10_000);
      await new Promise((r) => setTimeout(r, 300)); // more checks: still one
      const posts = reminderPosts(api.calls);
      expect(posts).toHaveLength(1);
      expect(posts[0].args).toMatchObject({ channel: 'C1', text: '⏰ Due today: Submit the report', metadata: { event_payload: { key: 'reminder:d1:2026-12-15' } } });
      expect(posts[0].token).toBe(BOT_TOKEN);
    } finally {
      stop.abort();
      expect(await done).toBe(0);
    }
    const store = await openLowdbStore(join(dir, 'data'));
    expect(await store.getDelivery('C1', 'reminder:d1:2026-12-15')).toMatchObject({ status: 'delivered', ts: reminderPosts(api.calls)[0].ts });
    await store.close();
    expect(out).not.toContain('reminder: failed');
  }, 30_000);
});
