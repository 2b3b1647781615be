/**
 * Direct messages (`message.im`): answered in the DM (in the thread when the question is in one).
 * Follow-ups reuse the slots of the DM's last answer (or the thread's). Edits, joins, bot messages
 * and integ's own messages are ignored.
 */
import type { App } from '@slack/bolt';
import { DM_MAIN, firstDelivery, fromBot, questionText, replyInConversation, threadKey, type Deps } from '../shared.js';
import { onEvent } from './route.js';

export function register(app: App, deps: Deps): void {
  onEvent(app, 'message', async ({ event, body, client, context }) => {
    const m = event as { channel_type?: string; subtype?: string; bot_id?: string; channel: string; ts: string; thread_ts?: string; text?: string; user?: string };
    if (m.channel_type !== 'im') return;
    if (m.subtype !== undefined || fromBot(m) || !m.user) return;
    if (typeof m.channel !== 'string' || !m.channel || typeof m.ts !== 'string') return; // cannot be answered
    if (context.botUserId && m.user === context.botUserId) return;
    if (!(await firstDelivery(deps, body, context))) return;
    const threadTs = typeof m.thread_ts === 'string' && m.thread_ts ? m.thread_ts : null;
    await replyInConversation(
      deps,
      client,
      { channel: m.channel, threadTs, slotsKey: threadKey(m.channel, threadTs ?? DM_MAIN), followUp: true, context },
      questionText(m.text, context.botUserId),
    );
  });
}
