/**
 * integ runs with the least privilege (manifest.yml's scopes, without the optional
 * channels:history / groups:history), says once at start what is lost without them, and then
 * never posts twice: a post whose answer from Slack was lost in a channel is not made again when the
 * channel cannot be read (src/slack/scopes.ts, src/slack/post.ts), through the real Bolt app.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/runner.js';
import { slackDigestDelivery } from '../../src/slack/digest.js';
import { botScopes, DEFAULT_BOT_SCOPES } from '../../src/slack/oauth.js';
import { HISTORY_SCOPES, historyScopesNotice } from '../../src/slack/scopes.js';
import { MemoryStore } from '../../src/store/memory.js';
import { eventBody } from '../helpers/sign.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';

let h: Harness | null = null;
let api: SlackStandIn | null = null;
afterEach(async () => {
  await h?.stop();
  await api?.close();
  h = null;
  api = null;
});

const notices = () => h!.logs.filter((l) => l.includes('README "Permissions"'));
const THREAD = '1700000100.000100';
const mention = (text: string) => ({ type: 'app_mention', user: 'U1', text, ts: THREAD, channel: 'C1', event_ts: THREAD });
const dm = (text: string) => ({ type: 'message', channel_type: 'im', user: 'U1', text, ts: '1700000200.000100', channel: 'D1', event_ts: '1700000200.000100' });
const eventIdOf = (body: string) => (JSON.parse(body) as { event_id: string }).event_id;
const handled = (eventId: string) => expect.poll(() => h!.logs.some((l) => l.includes('integ: request handled') && l.includes(eventId)), { timeout: 10_000, interval: 20 }).toBe(true);

describe('the optional history scopes', () => {
  it('logs one line at start saying what is lost when the bot token has the manifest scopes only, and still answers', async () => {
    h = await startHarness({ scopes: DEFAULT_BOT_SCOPES });
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toMatch(/^INFO integ: the bot token has no channels:history or groups:history \(optional, README "Permissions"\)/);
    expect(notices()[0]).toContain('public and private channel');
    expect(notices()[0]).toContain('may be missing, never doubled');
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    expect((await h.post(body)).status).toBe(200);
    await handled(eventIdOf(body));
    expect(h.api.messages('C1').filter((m) => m.thread_ts === THREAD).map((m) => m.text)).toEqual([expect.stringContaining('Answer to: FDI in 2024?')]);
  });

  it('names only the scope that is missing when the token has one of the two', async () => {
    h = await startHarness({ scopes: [...DEFAULT_BOT_SCOPES, 'channels:history'] });
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toContain('has no groups:history');
    expect(notices()[0]).toContain('in a private channel');
    expect(notices()[0]).not.toContain('channels:history');
  });

  it('logs nothing about them when the token has both, or when Slack does not say its scopes', async () => {
    h = await startHarness({ scopes: [...DEFAULT_BOT_SCOPES, ...HISTORY_SCOPES] });
    expect(notices()).toEqual([]);
    await h.stop();
    h = await startHarness();
    expect(notices()).toEqual([]);
  });

  it('says the same for OAuth installs when the manifest asks for neither', () => {
    expect(botScopes()).toEqual(DEFAULT_BOT_SCOPES);
    expect(historyScopesNotice(botScopes(), 'installs')).toMatch(/^integ: OAuth installs are asked for no channels:history or groups:history /);
    expect(historyScopesNotice([...botScopes(), ...HISTORY_SCOPES], 'installs')).toBeNull();
  });

  it('posts a channel answer whose answer from Slack was lost only once without channels:history, warning with the scope it needs', async () => {
    h = await startHarness({ scopes: DEFAULT_BOT_SCOPES });
    h.api.fail('chat.postMessage', { accepted: true, reset: true });
    const body = eventBody(mention('<@UBOT> FDI in 2024?'));
    await h.post(body);
    await handled(eventIdOf(body));
    expect(h.api.messages('C1').filter((m) => m.thread_ts === THREAD)).toHaveLength(1);
    expect(h.api.callsOf('chat.postMessage')).toHaveLength(1);
    const warnings = h.logs.filter((l) => l.startsWith('WARN') && l.includes('may or may not have been posted'));
    expect(warnings).toEqual([expect.stringContaining('missing_scope: needs channels:history')]);
  });

  it('still finds a lost answer in a direct message without them (im:history)', async () => {
    h = await startHarness({ scopes: DEFAULT_BOT_SCOPES });
    h.api.fail('chat.postMessage', { accepted: true, reset: true });
    const body = eventBody(dm('FDI in 2023?'));
    await h.post(body);
    await handled(eventIdOf(body));
    expect(h.api.messages('D1').map((m) => m.text)).toEqual([expect.stringContaining('Answer to: FDI in 2023?')]);
    expect(h.api.callsOf('conversations.history').map((c) => c.failed)).toEqual([false]);
    expect(h.logs.filter((l) => l.includes('may or may not have been posted'))).toEqual([]);
  });

  it("does not post a crashed replica's digest again without channels:history, and records why", async () => {
    const NOW = new Date('2030-01-07T09:30:00Z');
    api = await startSlackStandIn({ now: () => NOW.getTime(), scopes: DEFAULT_BOT_SCOPES });
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
    const delivery = slackDigestDelivery(async () => client);
    const store = new MemoryStore();
    await store.putSubscription({ teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U1', createdAt: '2030-01-01T00:00:00Z' });
    await store.claimDelivery('C1', '2030-W02', '2030-01-07T09:01:00Z'); // a replica that died after posting, or before
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    expect(await runDigests({ store, kb: null, now: NOW, post: delivery.post, findPosted: delivery.findPosted, logger })).toMatchObject({ delivered: 0, unknown: 1 });
    expect(api.callsOf('chat.postMessage')).toEqual([]);
    expect(await store.getDelivery('C1', '2030-W02')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^outcome unknown: .*missing_scope: needs channels:history/) });
    expect(warnings).toEqual([expect.stringContaining('not posted again this week')]);
  });
});
