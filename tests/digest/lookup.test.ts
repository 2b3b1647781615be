/**
 * The runner's look-up before a retried claim posts again (src/digest/runner.ts findPosted) and
 * the Slack side of it (src/slack/digest.ts), on a MemoryStore and the Web API stand-in. (A post
 * whose answer from Slack is lost: tests/digest/cli.test.ts, tests/hardening/faults.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { runDigests, type DigestTarget, type FindPostedDigest } from '../../src/digest/runner.js';
import { DIGEST_EVENT_TYPE, isDigestPost, slackDigestDelivery } from '../../src/slack/digest.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Subscription } from '../../src/store/types.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';

const NOW = new Date('2030-01-07T09:30:00Z');
const SLOT = Date.parse('2030-01-07T09:00:00Z');
const WEEK = '2030-W02';
const sub = (channel: string): Subscription => ({ teamId: 'T1', channel, weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U1', createdAt: '2030-01-01T00:00:00Z' });

let api: SlackStandIn | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

async function setup() {
  api = await startSlackStandIn({ now: () => NOW.getTime() });
  const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
  const store = new MemoryStore();
  return { api, store, delivery: slackDigestDelivery(async () => client) };
}

describe('a retried claim looks for an earlier post first', () => {
  it('does not look on a first claim, and tags the post with its channel and week', async () => {
    const { api, store, delivery } = await setup();
    await store.putSubscription(sub('C1'));
    const looked: DigestTarget[] = [];
    const findPosted: FindPostedDigest = async (t) => {
      looked.push(t);
      return delivery.findPosted(t);
    };
    expect(await runDigests({ store, kb: null, now: NOW, post: delivery.post, findPosted })).toMatchObject({ delivered: 1 });
    expect(looked).toEqual([]);
    expect(api.callsOf('chat.postMessage')[0].args.metadata).toEqual({ event_type: DIGEST_EVENT_TYPE, event_payload: { channel: 'C1', week: WEEK } });
  });

  it('records the earlier post of a stale claim instead of posting again', async () => {
    const { api, store, delivery } = await setup();
    await store.putSubscription(sub('C1'));
    await store.claimDelivery('C1', WEEK, '2030-01-07T09:01:00Z'); // crashed runner
    api.addMessage('C1', { ts: '1894006880.000100', bot_id: 'BBOT', metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { channel: 'C1', week: WEEK } } });
    // other messages that must not count: another week's digest, another channel's, an unrelated one, one before the slot
    api.addMessage('C1', { ts: '1894006890.000100', bot_id: 'BBOT', metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { channel: 'C1', week: '2030-W01' } } });
    api.addMessage('C1', { ts: '1894006895.000100', user: 'U1', text: 'hello' });
    const summary = await runDigests({ store, kb: null, now: NOW, post: delivery.post, findPosted: delivery.findPosted });
    expect(summary).toMatchObject({ due: 1, delivered: 0, skipped: 1, failed: 0 });
    expect(api.callsOf('chat.postMessage')).toEqual([]);
    expect(await store.getDelivery('C1', WEEK)).toMatchObject({ status: 'delivered', ts: '1894006880.000100', attempts: 2 });
    expect(api.callsOf('conversations.history')[0].args).toMatchObject({ channel: 'C1', oldest: String(SLOT / 1000 - 1), include_all_metadata: 'true' });
  });

  it('posts when the history has no such post, and after a failure Slack answered even when the history cannot be read', async () => {
    const { api, store, delivery } = await setup();
    for (const c of ['C1', 'C2']) {
      await store.putSubscription(sub(c));
      await store.claimDelivery(c, WEEK, '2030-01-07T09:01:00Z');
      await store.releaseDelivery(c, WEEK); // a post that failed (or timed out): retried
    }
    api.fail('conversations.history', { error: 'not_in_channel', match: (a) => a.channel === 'C2' });
    const warnings: unknown[] = [];
    const logger = { info() {}, error() {}, warn: (m: string, meta?: unknown) => warnings.push([m, meta]) };
    expect(await runDigests({ store, kb: null, now: NOW, post: delivery.post, findPosted: delivery.findPosted, logger })).toMatchObject({ delivered: 2 });
    expect(api.callsOf('chat.postMessage').map((c) => c.args.channel).sort()).toEqual(['C1', 'C2']);
    expect(warnings).toEqual([[expect.stringContaining('the earlier attempt did not post, posting'), expect.objectContaining({ channel: 'C2', error: 'not_in_channel' })]]);
  });

  it('does not post a stale claim when the history cannot be read (its runner may have posted), and records the outcome as unknown', async () => {
    const { api, store, delivery } = await setup();
    await store.putSubscription(sub('C1'));
    await store.claimDelivery('C1', WEEK, '2030-01-07T09:01:00Z'); // a runner that died after posting, or before
    api.fail('conversations.history', { error: 'missing_scope' });
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    expect(await runDigests({ store, kb: null, now: NOW, post: delivery.post, findPosted: delivery.findPosted, logger })).toEqual({ due: 1, delivered: 0, failed: 0, skipped: 0, unknown: 1 });
    expect(api.callsOf('chat.postMessage')).toEqual([]);
    expect(await store.getDelivery('C1', WEEK)).toMatchObject({ status: 'failed', ts: null, error: expect.stringMatching(/^outcome unknown: .*missing_scope/) });
    expect(warnings).toEqual([expect.stringMatching(/may or may not have been posted.*missing_scope/)]);
    // and it is not tried again that week
    expect(await runDigests({ store, kb: null, now: new Date(NOW.getTime() + 60_000), post: delivery.post, findPosted: delivery.findPosted })).toMatchObject({ due: 0 });
  });

  it('pages through a busy channel', async () => {
    const { api, delivery } = await setup();
    for (let i = 0; i < 450; i++) api.addMessage('C1', { ts: `${1894006801 + i}.000100`, user: 'U1', text: `m${i}` });
    api.addMessage('C1', { ts: '1894006800.500000', bot_id: 'BBOT', metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { channel: 'C1', week: WEEK } } });
    expect(await delivery.findPosted({ sub: sub('C1'), week: WEEK, slot: new Date(SLOT) })).toEqual({ ts: '1894006800.500000' });
    expect(api.callsOf('conversations.history').length).toBe(3);
  });

  it('matches only integ digest metadata for that channel and week', () => {
    const m = (event_type: string, payload: Record<string, unknown>) => ({ ts: '1.2', metadata: { event_type, event_payload: payload } });
    expect(isDigestPost(m(DIGEST_EVENT_TYPE, { channel: 'C1', week: WEEK }), { channel: 'C1', week: WEEK })).toBe(true);
    expect(isDigestPost(m('other', { channel: 'C1', week: WEEK }), { channel: 'C1', week: WEEK })).toBe(false);
    expect(isDigestPost(m(DIGEST_EVENT_TYPE, { channel: 'C2', week: WEEK }), { channel: 'C1', week: WEEK })).toBe(false);
    expect(isDigestPost({ ts: '1.2' }, { channel: 'C1', week: WEEK })).toBe(false);
  });
});
