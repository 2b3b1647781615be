/**
 * The bot scopes integ needs, and the two it can do without.
 *
 * manifest.yml asks for the least that works (each scope there says what uses it):
 *   commands, app_mentions:read, chat:write, chat:write.public, im:history.
 * channels:history and groups:history are optional, left out by default: integ reads a channel's
 * history (conversations.history / conversations.replies) for one thing only, to find its own post
 * when Slack's answer to that post was lost (the connection dropped, no answer within the timeout,
 * HTTP 5xx) or when a replica crashed between posting a digest and recording it (./post.ts postOnce,
 * ./digest.ts, src/digest/runner.ts). Without the scope the look-up fails (missing_scope) and the post
 * is never made again: an answer in a channel thread or a week's digest may then be missing, and is
 * never doubled. Direct messages are read with im:history, which integ always has.
 *
 * At start integ says once, in the log, when the token lacks them (historyScopesNotice).
 */

/** The optional history scopes: public channels, private channels. */
export const HISTORY_SCOPES = ['channels:history', 'groups:history'] as const;

const WHERE: Record<(typeof HISTORY_SCOPES)[number], string> = {
  'channels:history': 'public',
  'groups:history': 'private',
};

/**
 * The log line saying what is lost without the history scopes, or null when both are granted or the
 * scopes are unknown (Slack sends them in the `x-oauth-scopes` header, which @slack/web-api gives as
 * `response_metadata.scopes`). `of`: the bot token's scopes, or those OAuth installs are asked for.
 */
export function historyScopesNotice(granted: readonly string[] | undefined, of: 'token' | 'installs' = 'token'): string | null {
  if (!granted) return null;
  const missing = HISTORY_SCOPES.filter((s) => !granted.includes(s));
  if (missing.length === 0) return null;
  const where = missing.map((s) => WHERE[s]).join(' and ');
  return (
    `integ: ${of === 'token' ? 'the bot token has' : 'OAuth installs are asked for'} no ${missing.join(' or ')} (optional, README "Permissions"): when Slack's answer to a post in a ${where} channel is lost ` +
    '(timeout, dropped connection, HTTP 5xx) or a replica crashes before recording a digest, integ cannot look in the channel for it and does not post it again: ' +
    'that answer or digest may be missing, never doubled. Direct messages are not affected.'
  );
}
