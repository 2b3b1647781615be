/**
 * Events API: `app_mention` (answered in a thread on the mention, follow-ups reuse the thread's
 * slots; in the language the asker, else the channel, chose, else the question's: ../language.ts), plus `app_uninstalled` / `tokens_revoked` (logged; with OAuth installs, ../oauth.ts also
 * forgets the workspace).
 */
import type { App } from '@slack/bolt';
import { contextRequestId } from '../../ops/requests.js';
import { resolveLanguage, vietnameseHint } from '../language.js';
import { firstDelivery, fromBot, questionText, replyInConversation, threadKey, type Deps } from '../shared.js';

export function register(app: App, deps: Deps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (fromBot(event)) return;
    // (a payload without a string channel and ts cannot be answered)
    if (typeof event.channel !== 'string' || !event.channel || typeof event.ts !== 'string' || !event.ts) return;
    if (!(await firstDelivery(deps, body, context))) return;
    const threadTs = typeof event.thread_ts === 'string' && event.thread_ts ? event.thread_ts : event.ts;
    const question = questionText(event.text, context.botUserId);
    const asker = { teamId: body.team_id || null, user: typeof event.user === 'string' ? event.user : null, channel: event.channel };
    const language = await resolveLanguage(deps, asker, { context, hint: vietnameseHint(question), requestId: contextRequestId(context) });
    await replyInConversation(
      deps,
      client,
      { channel: event.channel, threadTs, slotsKey: threadKey(event.channel, threadTs), followUp: threadTs !== event.ts, language, context },
      question,
    );
  });

  app.event('app_uninstalled', async ({ body }) => {
    deps.logger.warn(`integ: the app was uninstalled from workspace ${body.team_id || '(unknown)'}`);
  });

  app.event('tokens_revoked', async ({ body }) => {
    deps.logger.warn(`integ: tokens were revoked in workspace ${body.team_id || '(unknown)'}`);
  });
}
