/**
 * Posting due-day reminders to Slack, for `integ serve` and `integ digest run`, as digests are
 * posted (src/slack/digest.ts): exactly once as the channel sees it whenever its history can be read.
 *
 * Every reminder is tagged with message metadata naming its channel and ledger key:
 *   metadata: { event_type: 'integ_reminder', event_payload: { channel, key } }   key: "reminder:d3:2026-12-15"
 * so that an earlier attempt's post is found in the channel's history (from the reminder's slot on)
 * and recorded instead of posted again: by postOnce when Slack's answer to the post is lost, and by
 * the runner before posting on a retried claim (src/digest/reminders.ts). When the history cannot be
 * read, `post` rejects with DigestOutcomeUnknownError and nothing is posted again.
 */
import { reminderBlocks, reminderFallbackText } from '../render/reminders.js';
import type { FindPostedReminder, PostReminder, ReminderTarget } from '../digest/reminders.js';
import { findOwnPost, postQueued, type ClientFor, type HistoryMessage } from './digest.js';

export const REMINDER_EVENT_TYPE = 'integ_reminder';


/** Whether a history message is integ's reminder for (channel, key). */
export function isReminderPost(m: HistoryMessage, target: { channel: string; key: string }): boolean {
  return (
    typeof m.ts === 'string' &&
    m.metadata?.event_type === REMINDER_EVENT_TYPE &&
    m.metadata.event_payload?.channel === target.channel &&
    m.metadata.event_payload?.key === target.key
  );
}

/** The post and look-up functions for the reminder runner, over per-workspace Web API clients. */
export function slackReminderDelivery(clientFor: ClientFor): { post: PostReminder; findPosted: FindPostedReminder } {
  const findPosted = async (target: ReminderTarget): Promise<{ ts: string } | null> =>
    findOwnPost(await clientFor(target.sub.teamId), target.sub.channel, target.slot, (m) => isReminderPost(m, { channel: target.sub.channel, key: target.key }));
  return {
    findPosted,
    async post(channel, reminder, target) {
      const client = await clientFor(target.sub.teamId);
      const message = {
        channel,
        text: reminderFallbackText(reminder),
        blocks: reminderBlocks(reminder),
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: REMINDER_EVENT_TYPE, event_payload: { channel, key: target.key } },
      };
      return postQueued(client, message, () => findPosted(target));
    },
  };
}
