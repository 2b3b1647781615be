/**
 * One incoming Slack request = one request context: a request id (the event_id, trigger_id or a
 * generated one), its kind, and the intent of the answer given. Every log line written while it
 * is handled carries req_id and kind; when it is done, one log line and the request counters.
 */
import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Logger } from '@slack/bolt';
import { requestContext, type RequestContext } from './logger.js';
import type { Metrics, RequestKind } from './metrics.js';

type Body = {
  command?: unknown;
  type?: unknown;
  event_id?: unknown;
  trigger_id?: unknown;
  event?: { type?: unknown; channel_type?: unknown; subtype?: unknown; bot_id?: unknown };
};

/** command | mention | dm (a person's direct message) | action (buttons and other interactivity) | event (anything else). */
export function requestKind(body: unknown): RequestKind {
  const b = (body ?? {}) as Body;
  if (typeof b.command === 'string') return 'command';
  const e = b.event;
  if (e && typeof e === 'object') {
    if (e.type === 'app_mention') return 'mention';
    if (e.type === 'message' && e.channel_type === 'im' && e.subtype === undefined && e.bot_id === undefined) return 'dm';
    return 'event';
  }
  if (typeof b.type === 'string' && b.type !== 'event_callback') return 'action';
  return 'event';
}

const ID_SHAPE = /^[A-Za-z0-9._-]{1,64}$/;

/** The event_id (events), trigger_id (commands, actions) or a generated id. */
export function requestId(body: unknown): string {
  const b = (body ?? {}) as Body;
  for (const id of [b.event_id, b.trigger_id]) if (typeof id === 'string' && ID_SHAPE.test(id)) return id;
  return randomUUID();
}

/** The request id of a handled request, from Bolt's context (for app.error()). */
export function contextRequestId(context: unknown): string | null {
  const id = (context as { integReqId?: unknown } | undefined)?.integReqId;
  return typeof id === 'string' ? id : null;
}

/**
 * Bolt global middleware (register it first): runs the rest of the request in its request context,
 * then logs one line (kind, intent, answered, duration_ms) and counts it.
 */
export function trackRequests(opts: { logger: Logger; metrics: Metrics | null }) {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const ctx: RequestContext = { reqId: requestId(args.body), kind: requestKind(args.body), intent: null, answered: null };
    (args.context as { integReqId?: string }).integReqId = ctx.reqId;
    const t0 = performance.now();
    await requestContext.run(ctx, async () => {
      let failed = false;
      try {
        await args.next();
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        const durationMs = Math.round((performance.now() - t0) * 10) / 10;
        opts.metrics?.request(ctx.kind as RequestKind, ctx.intent, failed);
        const fields = { intent: ctx.intent, answered: ctx.answered, duration_ms: durationMs, failed };
        if (ctx.kind === 'event' && !failed) opts.logger.debug('integ: request handled', fields);
        else opts.logger.info('integ: request handled', fields);
      }
    });
  };
}
