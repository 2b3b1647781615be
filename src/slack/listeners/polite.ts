/**
 * The polite half of the one error policy: a listener that fails replies with the apology where
 * the request allows one (an ephemeral acknowledgement or response for commands and buttons, a
 * thread reply for mentions and DMs), then rethrows so that app.error() logs it.
 *
 * It wraps the dispatcher of integ's commands, events and buttons (./route.ts), so every handler
 * gets it without a middleware of its own (Bolt copies every listener argument for each global
 * middleware: a separate one cost ~40 µs of CPU a request, measured with `npm run bench`).
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Logger, webApi } from '@slack/bolt';
import { describeError } from '../log.js';
import { postOnce } from '../post.js';
import { fromBot, isDm, SORRY } from '../shared.js';

/** `handler`, replying with the apology when it throws (and still throwing). */
export function politely<A extends { logger: Logger }>(handler: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args) => {
    try {
      await handler(args);
    } catch (err) {
      await replyPolitely(args as unknown as AnyMiddlewareArgs & AllMiddlewareArgs).catch((e: unknown) => args.logger.debug(`integ: could not send the apology: ${describeError(e)}`));
      throw err;
    }
  };
}

/** The apology, where the request allows one. */
export async function replyPolitely(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const a = args as unknown as {
    ack?: (r?: unknown) => Promise<void>;
    respond?: (r: unknown) => Promise<unknown>;
    body: Record<string, unknown>;
    client: webApi.WebClient;
  };
  const body = a.body;
  if (typeof body.command === 'string' && a.ack) {
    try {
      await a.ack({ response_type: 'ephemeral', text: SORRY });
      return;
    } catch {
      /* already acknowledged: fall through to respond */
    }
  } else if (body.type === 'block_actions' && a.ack) {
    await a.ack().catch(() => undefined);
  }
  if (a.respond) {
    await a.respond({ response_type: 'ephemeral', replace_original: false, text: SORRY });
    return;
  }
  const event = body.event as { type?: string; channel?: string; channel_type?: string; ts?: string; thread_ts?: string; bot_id?: string; subtype?: string } | undefined;
  if (!event?.channel || !event.ts || fromBot(event)) return;
  if (event.type === 'app_mention' || (event.type === 'message' && event.channel_type === 'im')) {
    const threadTs = event.thread_ts ?? (isDm(event.channel) ? undefined : event.ts);
    // waits out a 429; never posted again after a lost answer (one apology at most)
    await postOnce({ post: () => a.client.chat.postMessage({ channel: event.channel!, ...(threadTs ? { thread_ts: threadTs } : {}), text: SORRY }) });
  }
}
