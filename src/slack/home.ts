/**
 * App Home: what the Home tab shows a user, and publishing it (views.publish).
 *
 * Whose deadlines and digests: only those of the channels the user is in. integ knows which
 * channels have deadlines or a digest (its store); which of them the user is in, it asks Slack with
 * ONE users.conversations call for the user (paged), rather than one conversations.members call per
 * channel (a large channel has thousands of members, pages of them). With integ's bot token that
 * call needs channels:read (public channels the user is in) and groups:read (private channels, and
 * only those integ is in too: a private channel integ was never invited to is not shown, even when
 * /integ was used there). These two scopes are optional: without them (missing_scope), or when Slack
 * does not answer, the tab shows no channel's deadlines or digests and says why, and one warning is
 * logged; everything else on the tab works. Showing every channel's deadlines instead would show a
 * private channel's to people outside it.
 */
import type { Context, Logger, webApi } from '@slack/bolt';
import { daysBetween, todayIn } from '../digest/deadlines.js';
import { homeBlocks, type ChannelsUnknown, type HomeChannels } from '../render/home.js';
import type { Subscription, TeamDeadline } from '../store/types.js';
import { contextRequestId } from '../ops/requests.js';
import { resolveLanguage } from './language.js';
import { describeSlackError, retryIdempotent } from './post.js';
import type { Deps } from './shared.js';

/** Pages of users.conversations read (200 channels each) before giving up on the rest. */
const MAX_CHANNEL_PAGES = 10;

/** The Web API calls the Home tab makes. */
export type HomeClient = Pick<webApi.WebClient, 'views' | 'users'>;

/** Whether a record belongs to the workspace: records without a workspace, or requests without one, match. */
const inTeam = (recordTeam: string | null | undefined, teamId: string | null) => !recordTeam || !teamId || recordTeam === teamId;

/**
 * The channels among `candidates` that `user` is in (users.conversations with the bot token), or why
 * it cannot be told. Stops reading pages once every candidate is found.
 */
export async function userChannels(client: Pick<webApi.WebClient, 'users'>, user: string, candidates: Set<string>): Promise<{ channels: Set<string> } | { unknown: ChannelsUnknown; error: string }> {
  const found = new Set<string>();
  if (!candidates.size) return { channels: found };
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
      const args = { user, types: 'public_channel,private_channel', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const res = await retryIdempotent(() => client.users.conversations(args));
      for (const c of res.channels ?? []) if (c.id && candidates.has(c.id)) found.add(c.id);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor || found.size === candidates.size) break;
    }
  } catch (err) {
    const error = describeSlackError(err);
    return { unknown: error === 'missing_scope' ? 'scope' : 'error', error };
  }
  return { channels: found };
}

/** Loggers already told that the channel scopes are missing (one warning per process, not one per tab opened). */
const toldMissingScope = new WeakSet<object>();

/** The user's channels' open deadlines and digests (see the rule at the top). */
export async function homeChannels(
  deps: Pick<Deps, 'store' | 'config' | 'now'> & { logger: Logger },
  client: Pick<webApi.WebClient, 'users'>,
  who: { user: string; teamId: string | null },
  requestId: string | null = null,
): Promise<HomeChannels> {
  const [subs, deadlines] = await Promise.all([deps.store.listSubscriptions(), deps.store.listDeadlines()]);
  const teamSubs: Subscription[] = subs.filter((s) => inTeam(s.teamId, who.teamId));
  const open: TeamDeadline[] = deadlines.filter((d) => !d.done && inTeam(d.teamId, who.teamId));
  const candidates = new Set([...teamSubs.map((s) => s.channel), ...open.map((d) => d.channel)]);
  const membership = await userChannels(client, who.user, candidates);
  if ('unknown' in membership) {
    const fields = requestId ? { req_id: requestId } : {};
    if (membership.unknown === 'error') deps.logger.warn(`integ: could not read the channels of ${who.user} for App Home (${membership.error}); their deadlines and digests are not shown`, fields);
    else if (!toldMissingScope.has(deps.logger)) {
      toldMissingScope.add(deps.logger);
      deps.logger.warn('integ: App Home cannot show the deadlines and digests of the channels a user is in: the channels:read and groups:read scopes are missing (manifest.yml)', fields);
    }
    return { deadlines: [], digests: [], unknown: membership.unknown };
  }
  const mine = membership.channels;
  const today = todayIn(deps.now(), deps.config.tz);
  return {
    deadlines: open
      .filter((d) => mine.has(d.channel))
      .map((d) => ({ id: d.id, channel: d.channel, title: d.title, due: d.due, daysLeft: daysBetween(today, d.due), owner: d.owner ?? null, createdBy: d.createdBy })),
    digests: teamSubs
      .filter((s) => mine.has(s.channel))
      .map((s) => ({ channel: s.channel, weekday: s.weekday, time: s.time, tz: s.tz, lang: s.lang ?? null, reminders: s.reminders === true })),
  };
}

/**
 * Publishes the user's Home tab, in the language they chose (`/integ lang`), else English. Called
 * when the tab opens and after something on it changed (a digest turned on from it). Publishing the
 * same view again changes nothing: retried after a lost answer (./post.ts).
 */
export async function publishHome(deps: Deps, client: HomeClient, who: { user: string; teamId: string | null; context?: Context }): Promise<void> {
  const requestId = contextRequestId(who.context);
  // no question to follow: the user's choice, else English (the Home tab's channel is the user's
  // DM with integ, whose own default does not count: ./language.ts)
  const { ui: lang } = await resolveLanguage(deps, { teamId: who.teamId, user: who.user, channel: null }, { context: who.context, requestId });
  const [deadlines, channels] = await Promise.all([
    deps.homeDeadlines({ user: who.user, teamId: who.teamId, now: deps.now(), lang }),
    homeChannels(deps, client, who, requestId),
  ]);
  const view = { type: 'home' as const, blocks: homeBlocks({ help: deps.engine.help(lang), lang, deadlines, channels, subscribe: deps.commands !== null }) };
  await retryIdempotent(() => client.views.publish({ user_id: who.user, view }));
}
