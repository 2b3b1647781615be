/** Slack request signing (v0): X-Slack-Signature = v0=HMAC-SHA256(secret, `v0:${ts}:${body}`). */
import { createHmac } from 'node:crypto';

export function signatureHeaders(secret: string, body: string, ts: number = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${sig}`, 'x-slack-request-timestamp': String(ts) };
}

let nextTrigger = 1;
/**
 * A slash command body (form-encoded). Each has its own trigger_id, as each command Slack sends
 * does: the same command typed twice is two requests, with two signatures (integ acknowledges a
 * request whose signature it has seen before without handling it again: src/slack/receiver.ts).
 */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'test',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: 'U1',
    user_name: 'alice',
    command: '/integ',
    text: '',
    api_app_id: 'A1',
    response_url: 'https://hooks.slack.invalid/commands/1',
    trigger_id: `1.2.${nextTrigger++}`,
    ...fields,
  }).toString();
}

/** An interactivity body: payload=<json> (form-encoded). */
export function actionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

let nextEvent = 1;
/** An Events API envelope (JSON). */
export function eventBody(event: Record<string, unknown>, over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${String(nextEvent++).padStart(6, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
    ...over,
  });
}

export interface PostOptions {
  secret: string;
  /** Default: JSON when the body starts with "{", else form. */
  contentType?: string;
  /** Unix seconds used to sign (default now). */
  ts?: number;
  headers?: Record<string, string>;
  /** Skip signing entirely. */
  unsigned?: boolean;
}

export async function postSigned(url: string, body: string, opts: PostOptions): Promise<Response> {
  const contentType = opts.contentType ?? (body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  const headers: Record<string, string> = { 'content-type': contentType, ...(opts.unsigned ? {} : signatureHeaders(opts.secret, body, opts.ts)), ...opts.headers };
  return fetch(url, { method: 'POST', headers, body });
}
