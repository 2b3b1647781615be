/** App Home: what integ can answer, example questions and upcoming deadlines (`views.publish`). */
import type { App } from '@slack/bolt';
import { homeBlocks } from '../../render/blocks.js';
import { retryIdempotent } from '../post.js';
import { firstDelivery, type Deps } from '../shared.js';

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home' || typeof event.user !== 'string' || !event.user) return;
    if (!(await firstDelivery(deps, body, context))) return;
    const deadlines = await deps.homeDeadlines({ user: event.user, teamId: body.team_id || null, now: deps.now() });
    const view = { type: 'home' as const, blocks: homeBlocks({ help: deps.engine.help(), deadlines }) };
    // publishing the same view again changes nothing: retried after a lost answer (../post.ts)
    await retryIdempotent(() => client.views.publish({ user_id: event.user, view }));
  });
}
