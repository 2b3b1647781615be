/**
 * Events API: `app_mention` (answered in a thread on the mention, follow-ups reuse the thread's
 * slots), plus `app_uninstalled` / `tokens_revoked` (logged).
 */
import type { App } from '@slack/bolt';
import { firstDelivery, fromBot, questionText, replyInConversation, threadKey, type Deps } from '../shared.js';

export function register(app: App, deps: Deps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (fromBot(event as { bot_id?: string; subtype?: string })) return;
    // (a payload without a string channel and ts cannot be answered)
    if (typeof event.channel !== 'string' || !event.channel || typeof event.ts !== 'string' || !event.ts) return;
    if (!(await firstDelivery(deps, body))) return;
    const threadTs = typeof event.thread_ts === 'string' && event.thread_ts ? event.thread_ts : event.ts;
    await replyInConversation(
      deps,
      client,
      { channel: event.channel, threadTs, slotsKey: threadKey(event.channel, threadTs), followUp: threadTs !== event.ts },
      questionText(event.text, context.botUserId),
    );
  });

  // (one listener for both: each listener costs every request a pass through its matchers)
  app.event(/^(app_uninstalled|tokens_revoked)$/, async ({ event, body }) => {
    const what = event.type === 'app_uninstalled' ? 'the app was uninstalled from' : 'tokens were revoked in';
    deps.logger.warn(`integ: ${what} workspace ${body.team_id ?? '(unknown)'}`);
  });
}
