/**
 * Posting the weekly digest to Slack, for `integ serve` and `integ digest run`.
 *
 * Every digest is tagged with message metadata naming its channel and week:
 *   metadata: { event_type: 'integ_digest', event_payload: { channel, week } }
 * so a runner that takes over a stale claim (another replica crashed after posting but before
 * recording the post) can find the post in the channel's history (conversations.history with
 * include_all_metadata, oldest = the week's slot) and record it instead of posting again.
 * Reading history needs channels:history (public channels) and groups:history (private ones); a
 * bot not in the channel gets not_in_channel. When the lookup fails the runner posts anyway
 * (src/digest/runner.ts), at least once.
 */
import type { webApi } from '@slack/bolt';
import { answerFallbackText, answerToBlocks } from '../render/blocks.js';
import type { DigestTarget, FindPostedDigest, PostDigest } from './runner.js';

export const DIGEST_EVENT_TYPE = 'integ_digest';

/** History pages read when looking for an earlier post (200 messages each): a week of a busy channel. */
const MAX_HISTORY_PAGES = 10;

/** The Web API client to post with for a workspace (single workspace: always the bot token's). */
export type ClientFor = (teamId: string | null) => Promise<webApi.WebClient>;

interface HistoryMessage {
  ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: { channel?: unknown; week?: unknown } };
}

/** Whether a history message is integ's digest for target (channel, week). */
export function isDigestPost(m: HistoryMessage, target: Pick<DigestTarget, 'week'> & { channel: string }): boolean {
  return (
    typeof m.ts === 'string' &&
    m.metadata?.event_type === DIGEST_EVENT_TYPE &&
    m.metadata.event_payload?.channel === target.channel &&
    m.metadata.event_payload?.week === target.week
  );
}

/** The post and look-up functions for the digest runner, over per-workspace Web API clients. */
export function slackDigestDelivery(clientFor: ClientFor): { post: PostDigest; findPosted: FindPostedDigest } {
  return {
    async post(channel, answer, target) {
      const client = await clientFor(target.sub.teamId);
      const res = await client.chat.postMessage({
        channel,
        text: answerFallbackText(answer),
        blocks: answerToBlocks(answer, { showQuestion: false }),
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { channel, week: target.week } },
      });
      return { ts: res.ts ?? '' };
    },

    async findPosted(target) {
      const channel = target.sub.channel;
      const client = await clientFor(target.sub.teamId);
      // a second before the slot: a post at the slot itself is included whatever Slack's rounding
      const oldest = (Math.floor(target.slot.getTime() / 1000) - 1).toFixed(0);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
        const res = await client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
        const hit = (res.messages as HistoryMessage[] | undefined)?.find((m) => isDigestPost(m, { channel, week: target.week }));
        if (hit) return { ts: hit.ts! };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return null;
      }
      return null;
    },
  };
}
