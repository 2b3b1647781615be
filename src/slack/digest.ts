/**
 * Posting the weekly digest to Slack, for `integ serve` and `integ digest run`.
 *
 * Every digest is tagged with message metadata naming its channel and week:
 *   metadata: { event_type: 'integ_digest', event_payload: { channel, week } }
 * so that an earlier attempt's post can be found in the channel's history (conversations.history
 * with include_all_metadata, oldest = the week's slot) and recorded instead of posted again:
 * - by `post` itself, when Slack's answer to a post is lost (the connection dropped, no answer
 *   within the timeout, HTTP 5xx): src/slack/post.ts postOnce looks before posting again;
 * - by the runner, before posting on a retried claim (another replica crashed after posting but
 *   before recording the post; src/digest/runner.ts).
 * A 429 rejects with DigestRateLimitedError (Retry-After in ms) without posting again: the runner
 * pauses the workspace for every replica (src/digest/queue.ts) and posts it at its next turn.
 * Reading history needs channels:history (public channels) and groups:history (private ones),
 * optional scopes integ runs without (./scopes.ts); a bot not in the channel gets not_in_channel. When a lost answer cannot be checked that way, `post`
 * rejects with DigestOutcomeUnknownError and nothing is posted again (the runner records the outcome
 * as unknown).
 */
import type { webApi } from '@slack/bolt';
import { answerFallbackText, answerToBlocks } from '../render/blocks.js';
import { withAddDeadline } from '../render/deadlines.js';
import { DigestOutcomeUnknownError, DigestRateLimitedError, type DigestTarget, type FindPostedDigest, type PostDigest } from '../digest/runner.js';
import { postOnce, PostOutcomeUnknownError, rateLimitedFor, retryIdempotent } from './post.js';

export const DIGEST_EVENT_TYPE = 'integ_digest';

/** History pages read when looking for an earlier post (200 messages each): a week of a busy channel, a day of a very busy one. */
const MAX_HISTORY_PAGES = 10;

/** The Web API client to post with for a workspace (single workspace: always the bot token's). */
export type ClientFor = (teamId: string | null) => Promise<webApi.WebClient>;

/** A channel message as conversations.history gives it, with the metadata integ puts on its posts. */
export interface HistoryMessage {
  ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * integ's own post in a channel since `since` (a digest's or a reminder's slot), found by its
 * metadata (`isOurs`), reading at most MAX_HISTORY_PAGES pages; null when it is not there.
 */
export async function findOwnPost(client: webApi.WebClient, channel: string, since: Date, isOurs: (m: HistoryMessage) => boolean): Promise<{ ts: string } | null> {
  // a second before the slot: a post at the slot itself is included whatever Slack's rounding
  const oldest = (Math.floor(since.getTime() / 1000) - 1).toFixed(0);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const args = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
    const res = await retryIdempotent(() => client.conversations.history(args));
    const hit = (res.messages as HistoryMessage[] | undefined)?.find(isOurs);
    if (hit) return { ts: hit.ts! };
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return null;
  }
  return null;
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
/**
 * One post of a scheduled message (a digest, a reminder) once, as the runners expect it: a lost
 * answer is looked for (`find`) before posting again, else DigestOutcomeUnknownError; a 429 is not
 * waited out here but thrown as DigestRateLimitedError, since the runner pauses the whole workspace
 * for every replica.
 */
export async function postQueued(client: webApi.WebClient, message: webApi.ChatPostMessageArguments, find: () => Promise<{ ts: string } | null>): Promise<{ ts: string; found?: boolean }> {
  try {
    return await postOnce({ post: () => client.chat.postMessage(message), find, maxRateLimitWaits: 0 });
  } catch (err) {
    if (err instanceof PostOutcomeUnknownError) throw new DigestOutcomeUnknownError(err.reason, { cause: err });
    const retryAfter = rateLimitedFor(err);
    throw retryAfter !== null ? new DigestRateLimitedError(retryAfter * 1000, { cause: err }) : err;
  }
}

export function slackDigestDelivery(clientFor: ClientFor): { post: PostDigest; findPosted: FindPostedDigest } {
  const findPosted: FindPostedDigest = async (target) =>
    findOwnPost(await clientFor(target.sub.teamId), target.sub.channel, target.slot, (m) => isDigestPost(m, { channel: target.sub.channel, week: target.week }));
  return {
    findPosted,
    async post(channel, answer, target) {
      const client = await clientFor(target.sub.teamId);
      const message = {
        channel,
        text: answerFallbackText(answer),
        blocks: withAddDeadline(answerToBlocks(answer, { showQuestion: false }), channel, answer.lang),
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { channel, week: target.week } },
      };
      return postQueued(client, message, () => findPosted(target));
    },
  };
}
