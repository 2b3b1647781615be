/**
 * Events API: `app_mention` (answered in a thread on the mention, follow-ups reuse the thread's
 * slots), plus `app_uninstalled` / `tokens_revoked` (logged; with OAuth installs, ../oauth.ts also
 * forgets the workspace).
 */
import type { App } from '@slack/bolt';
import { firstDelivery, fromBot, questionText, replyInConversation, threadKey, type Deps } from '../shared.js';

export function register(app: App, deps: Deps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (fromBot(event)) return;
    // (a payload without a string channel and ts cannot be answered)
    if (typeof event.channel !== 'string' || !event.channel || typeof event.ts !== 'string' || !event.ts) return;
    if (!(await firstDelivery(deps, body, context))) return;
    const threadTs = typeof event.thread_ts === 'string' && event.thread_ts ? event.thread_ts : event.ts;
    await replyInConversation(
      deps,
      client,
      { channel: event.channel, threadTs, slotsKey: threadKey(event.channel, threadTs), followUp: threadTs !== event.ts, context },
      questionText(event.text, context.botUserId),
    );
  });

  app.event('app_uninstalled', async ({ body }) => {
    deps.logger.warn(`integ: the app was uninstalled from workspace ${body.team_id || '(unknown)'}`);
  });

  app.event('tokens_revoked', async ({ body }) => {
    deps.logger.warn(`integ: tokens were revoked in workspace ${body.team_id || '(unknown)'}`);
  });
}
