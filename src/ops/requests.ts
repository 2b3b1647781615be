/**
 * One incoming Slack request = one request context: a request id (the event_id, trigger_id or a
 * generated one), its kind, and the intent of the answer given. When it is done, one log line and
 * the request counters.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/bolt';
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

/** The request being handled, from Bolt's `context` (trackRequests puts it there as `integRequest`). */
export function requestOf(context: unknown): RequestContext | null {
  const r = (context as { integRequest?: unknown } | undefined)?.integRequest;
  return r && typeof r === 'object' ? (r as RequestContext) : null;
}

/** The request id of a handled request, from Bolt's context (for app.error()). */
export function contextRequestId(context: unknown): string | null {
  return requestOf(context)?.reqId ?? null;
}

/** Notes the answer given on the request (its intent and whether it answered, for the request's log line and counter). */
export function noteAnswer(context: unknown, answer: { intent: string; answered: boolean }): void {
  const r = requestOf(context);
  if (!r) return;
  r.intent = answer.intent;
  r.answered = answer.answered;
}

/** A request that took this long gets its line at info level even when answered. */
export const SLOW_MS = 1000;

/** What Bolt's receivers hand to `app.processEvent` for every request (the fields used here). */
export interface ReceiverEventLike {
  body: unknown;
  ack: (response?: unknown) => Promise<void>;
  customProperties?: Record<string, unknown>;
}

/**
 * Wraps Bolt's `app.processEvent` (which both receivers call once per incoming request); when the
 * request is done, the request counters and one log line (req_id, kind, intent, answered,
 * duration_ms, failed): at info level for a request that failed, was not answered or took SLOW_MS
 * or more, at debug level for the others (the lines at info are the requests that need a look;
 * the metrics count every request). The request reaches Bolt's `context` (customProperties are
 * copied into it) as `integRequest`: listeners note the answer given on it (noteAnswer), and
 * errors reach app.error(), which calls markFailed(context).
 *
 * When `correlate()` is true (LOG_LEVEL=debug), the request also runs in `requestContext`, an
 * AsyncLocalStorage: every line written meanwhile, by Bolt, the Web API client or the store,
 * carries req_id and kind. Not at other levels: once an AsyncLocalStorage is in use, Node runs a
 * hook for every promise the process creates, a cost every request would pay, while the lines
 * written at info level during a request (its summary, its error, integ's warnings) carry req_id
 * as a field.
 *
 * It also answers a request no listener acknowledged (a button or command integ no longer has)
 * with an empty acknowledgement at once, instead of Bolt's 404 after 3 s. Done here rather than
 * in global middleware: Bolt copies every listener argument for each global middleware, and a
 * second ack() throws (an Error with a stack trace for every request).
 */
export function trackRequests<E extends ReceiverEventLike>(
  processEvent: (event: E) => Promise<void>,
  opts: {
    logger: Logger;
    metrics: Metrics | null;
    correlate?: () => boolean;
    /** Holds each request's promise while it is handled (for a stop that waits for them). */
    inFlight?: Set<Promise<void>>;
  },
): (event: E) => Promise<void> {
  return (event) => {
    const ctx: RequestContext = { reqId: requestId(event.body), kind: requestKind(event.body), intent: null, answered: null };
    let acked = false;
    const ack = event.ack;
    const tracked: E = {
      ...event,
      ack: (response?: unknown) => {
        acked = true;
        return ack(response);
      },
      customProperties: { ...event.customProperties, integRequest: ctx },
    };
    const t0 = performance.now();
    let handling: Promise<void> | undefined;
    const handle = async (): Promise<void> => {
      try {
        await processEvent(tracked);
        // Handled, yet nobody acknowledged it. (A listener's error went to app.error(), which marked
        // the request failed; the receiver answers what processEvent throws, e.g. 401, itself.)
        if (!acked) {
          await ack().then(
            () => opts.logger.debug('integ: acknowledged a request no listener handled', { req_id: ctx.reqId }),
            () => undefined,
          );
        }
      } catch (err) {
        ctx.failed = true;
        throw err;
      } finally {
        // (handle() has awaited by now, so `handling` is set)
        if (handling) opts.inFlight?.delete(handling);
        const failed = ctx.failed === true;
        const durationMs = Math.round((performance.now() - t0) * 10) / 10;
        opts.metrics?.request(ctx.kind as RequestKind, ctx.intent, failed);
        // info: the requests that need a look (failed, not answered, slow); debug: every request
        const notable = failed || ctx.answered === false || durationMs >= SLOW_MS;
        if (notable || opts.logger.getLevel() === 'debug') {
          const fields = { req_id: ctx.reqId, kind: ctx.kind, intent: ctx.intent, answered: ctx.answered, duration_ms: durationMs, failed };
          if (notable) opts.logger.info('integ: request handled', fields);
          else opts.logger.debug('integ: request handled', fields);
        }
      }
    };
    handling = opts.correlate?.() ? requestContext.run(ctx, handle) : handle();
    opts.inFlight?.add(handling);
    return handling;
  };
}

/** Marks the request failed (from app.error(), which Bolt calls inside processEvent with the request's context). */
export function markFailed(context: unknown): void {
  const r = requestOf(context);
  if (r) r.failed = true;
}
