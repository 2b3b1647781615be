/**
 * App Home: what integ can answer, example questions and upcoming deadlines (`views.publish`), in
 * the language the user chose with `/integ lang`, else English.
 */
import type { App } from '@slack/bolt';
import { homeBlocks } from '../../render/blocks.js';
import { contextRequestId } from '../../ops/requests.js';
import { resolveLanguage } from '../language.js';
import { retryIdempotent } from '../post.js';
import { firstDelivery, type Deps } from '../shared.js';

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home' || typeof event.user !== 'string' || !event.user) return;
    if (!(await firstDelivery(deps, body, context))) return;
    // no question to follow: the user's choice, else English (the Home tab's channel is the user's
    // DM with integ, whose own default does not count: ../language.ts)
    const teamId = body.team_id || null;
    const { ui: lang } = await resolveLanguage(deps, { teamId, user: event.user, channel: null }, { context, requestId: contextRequestId(context) });
    const deadlines = await deps.homeDeadlines({ user: event.user, teamId, now: deps.now(), lang });
    const view = { type: 'home' as const, blocks: homeBlocks({ help: deps.engine.help(lang), deadlines }) };
    // publishing the same view again changes nothing: retried after a lost answer (../post.ts)
    await retryIdempotent(() => client.views.publish({ user_id: event.user, view }));
  });
}
