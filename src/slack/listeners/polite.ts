/**
 * The polite half of the one error policy: when a listener fails, the user gets the apology where
 * the request allows one (an ephemeral acknowledgement or response for commands, buttons and message
 * shortcuts, a thread reply for mentions and DMs), and the error goes on to app.error(), which logs it.
 *
 * A global middleware (`app.use(apologiseOnError)`, registered once before the listeners), not a
 * wrapper around each listener: Bolt runs the listeners inside the global middleware chain, so a
 * listener's error comes back out of `next()` here; every listener, one added later included, gets
 * the policy without having to remember it; and a request whose listeners fail together gets one
 * apology, not one each.
 *
 * The apology is written in the language the listener resolved for the request (../language.ts:
 * the asker's choice, else the channel's, else the question's look), else English.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Context, Middleware, types } from '@slack/bolt';
import { describeError } from '../log.js';
import { postOnce } from '../post.js';
import { contextLanguage } from '../language.js';
import { fromBot, isDm, sorry } from '../shared.js';

/** Bolt's context key saying that the command was acknowledged (then the apology goes to its response URL). */
const ACKNOWLEDGED = 'integAcknowledged';

/** Notes on Bolt's context that the request's command was acknowledged. */
export function markAcknowledged(context: Context): void {
  context[ACKNOWLEDGED] = true;
}

/** Runs the rest of the chain; when it throws, apologises (best effort) and throws again. */
export const apologiseOnError: Middleware<AnyMiddlewareArgs> = async (args) => {
  try {
    await args.next();
  } catch (err) {
    await apologise(args).catch((e: unknown) => args.logger.debug(`integ: could not send the apology: ${describeError(e)}`));
    throw err;
  }
};

/** The apology, where the request allows one. */
export async function apologise(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const text = sorry(contextLanguage(args.context)?.ui ?? 'en');
  const privately = { response_type: 'ephemeral', replace_original: false, text } as const;
  if ('command' in args) {
    if (args.context[ACKNOWLEDGED] !== true) {
      try {
        await args.ack({ response_type: 'ephemeral', text });
        return;
      } catch {
        /* acknowledged after all: respond */
      }
    }
    await args.respond(privately);
    return;
  }
  if ('action' in args) {
    // buttons acknowledge first; Bolt gives `respond` only to requests with a response URL
    if (args.body.type === 'block_actions' && 'response_url' in args.body) await args.respond(privately);
    return;
  }
  if ('shortcut' in args) {
    // a message shortcut has a response URL (an ephemeral reply to the one who used it)
    if (args.body.type === 'message_action' && args.body.response_url) await args.respond(privately);
    return;
  }
  if ('event' in args) {
    const where = conversationOf(args.event);
    if (!where) return;
    // waits out a 429; never posted again after a lost answer (one apology at most)
    await postOnce({ post: () => args.client.chat.postMessage({ channel: where.channel, ...(where.threadTs ? { thread_ts: where.threadTs } : {}), text }) });
  }
}

/** Where a mention or a person's DM is answered (a mention: in its thread); null for other events. */
function conversationOf(event: types.SlackEvent): { channel: string; threadTs: string | undefined } | null {
  if (event.type === 'app_mention') {
    if (fromBot(event) || !event.channel || !event.ts) return null;
    return { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
  }
  if (event.type === 'message' && event.subtype === undefined && event.channel_type === 'im') {
    if (fromBot(event) || !event.channel || !event.ts) return null;
    return { channel: event.channel, threadTs: event.thread_ts ?? (isDm(event.channel) ? undefined : event.ts) };
  }
  return null;
}
