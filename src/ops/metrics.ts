/**
 * Prometheus metrics (prom-client), served at GET /metrics when METRICS=1.
 *
 * Every label is a closed set, never user text: request kinds, intent ids (the engine's intents and
 * a few built-ins, else "other"), Web API method names (shape-checked, else "other"), Slack error
 * codes from a fixed list (else "other"), digest outcomes and Store method names.
 *
 *   integ_requests_total{kind,intent}                 incoming Slack requests, counted when handled
 *   integ_requests_failed_total{kind}                 requests whose handling threw (the user got the apology)
 *   integ_answers_total{intent,answered}              answers given (engine, help and deadline/digest commands)
 *   integ_answer_duration_seconds{intent}             engine time per answer (histogram)
 *   integ_slack_api_calls_total{method,result}        Web API HTTP requests (each retry counts): ok, a Slack error code, ratelimited (HTTP 429), http_5xx, http_4xx, network_error
 *   integ_replies_unknown_total                       answers whose answer from Slack was lost and whose conversation could not be read: posted or not, unknown (never posted again)
 *   integ_digests_total{outcome}                      digests delivered, skipped, failed and unknown (posted or not: not known when the run ended)
 *   integ_digest_runs_total                           digest checks (one a minute)
 *   integ_digest_last_run_timestamp_seconds           when the last digest check finished
 *   integ_store_errors_total{op}                      Store calls that failed, by Store method
 * plus the standard process_* and nodejs_* metrics of prom-client.
 */
import { createRequire } from 'node:module';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** prom-client, loaded when the first Metrics is made: a server without METRICS=1 never loads it. */
let prom: typeof import('prom-client') | null = null;
const promClient = (): typeof import('prom-client') => (prom ??= createRequire(import.meta.url)('prom-client') as typeof import('prom-client'));

export const REQUEST_KINDS = ['command', 'mention', 'dm', 'action', 'event'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Intent ids that are not the engine's intents: fallbacks, help and the deadline/digest commands. */
export const BUILTIN_INTENTS = ['help', 'clarify', 'none', 'passages', 'deadlines', 'digest', 'events'] as const;
/** The intent label of a request that gave no answer (a button click, App Home, an ignored message). */
export const NO_INTENT = 'n/a';
export const OTHER = 'other';

/** Slack error codes kept as labels; any other code is "other". */
export const SLACK_ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope',
  'not_allowed_token_type', 'team_access_not_granted', 'ekm_access_denied',
  'channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action', 'cant_update_message', 'message_not_found',
  'msg_too_long', 'no_text', 'invalid_blocks', 'invalid_arguments', 'invalid_form_data', 'too_many_attachments',
  'user_not_found', 'expired_url', 'used_url',
  'ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout',
]);

const METHOD_SHAPE = /^[a-z][A-Za-z]*(\.[A-Za-z]+){1,3}$/;
const INTENT_SHAPE = /^[a-z][a-z0-9_-]{0,31}$/;

/** A Web API method name as a label ("chat.postMessage"), or "other". */
export function methodLabel(method: string): string {
  return method.length <= 64 && METHOD_SHAPE.test(method) ? method : OTHER;
}

/** A Slack error code as a label: from the fixed list, else "other". */
export function slackErrorLabel(code: string | null | undefined): string {
  return code && SLACK_ERROR_CODES.has(code) ? code : OTHER;
}

export type DigestOutcome = 'delivered' | 'skipped' | 'failed' | 'unknown';
const DIGEST_OUTCOMES: readonly DigestOutcome[] = ['delivered', 'skipped', 'failed', 'unknown'];

export class Metrics {
  readonly registry: Registry;
  private readonly intents = new Set<string>(BUILTIN_INTENTS);
  private readonly requests: Counter<'kind' | 'intent'>;
  private readonly requestsFailed: Counter<'kind'>;
  private readonly answers: Counter<'intent' | 'answered'>;
  private readonly answerSeconds: Histogram<'intent'>;
  private readonly slackCalls: Counter<'method' | 'result'>;
  private readonly repliesUnknown: Counter;
  private readonly digests: Counter<'outcome'>;
  private readonly digestRuns: Counter;
  private readonly digestLastRun: Gauge;
  private readonly storeErrors: Counter<'op'>;

  constructor(opts: { intents?: Iterable<string>; defaultMetrics?: boolean } = {}) {
    const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = promClient();
    this.registry = new Registry();
    this.addIntents(opts.intents ?? []);
    const registers = [this.registry];
    this.requests = new Counter({ name: 'integ_requests_total', help: 'Incoming Slack requests by kind and the intent of the answer given (n/a: no answer).', labelNames: ['kind', 'intent'], registers });
    this.requestsFailed = new Counter({ name: 'integ_requests_failed_total', help: 'Slack requests whose handling failed (the user was sent an apology).', labelNames: ['kind'], registers });
    this.answers = new Counter({ name: 'integ_answers_total', help: 'Answers given, by intent and whether the sources answered the question.', labelNames: ['intent', 'answered'], registers });
    this.answerSeconds = new Histogram({
      name: 'integ_answer_duration_seconds',
      help: 'Time to compute an answer (engine time), in seconds.',
      labelNames: ['intent'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.slackCalls = new Counter({ name: 'integ_slack_api_calls_total', help: 'Slack Web API HTTP requests (each retry counts) by method and result: ok, a Slack error code, ratelimited (HTTP 429), http_4xx, http_5xx, network_error, other.', labelNames: ['method', 'result'], registers });
    this.repliesUnknown = new Counter({
      name: 'integ_replies_unknown_total',
      help: "Answers (mentions, DMs) whose answer from Slack was lost and whose conversation could not be read to check: posted or not, unknown; never posted again.",
      registers,
    });
    this.digests = new Counter({ name: 'integ_digests_total', help: 'Weekly digests by outcome: delivered, skipped (claimed elsewhere or already posted), failed, unknown (posted or not, not known when the run ended).', labelNames: ['outcome'], registers });
    this.digestRuns = new Counter({ name: 'integ_digest_runs_total', help: 'Digest checks run (the scheduler checks every minute).', registers });
    this.digestLastRun = new Gauge({ name: 'integ_digest_last_run_timestamp_seconds', help: 'When the last digest check finished (Unix seconds).', registers });
    this.storeErrors = new Counter({ name: 'integ_store_errors_total', help: 'Store calls that failed, by Store method.', labelNames: ['op'], registers });
    for (const outcome of DIGEST_OUTCOMES) this.digests.inc({ outcome }, 0);
    for (const kind of REQUEST_KINDS) this.requestsFailed.inc({ kind }, 0);
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Makes intent ids (the engine's) known as labels; anything else counts as "other". */
  addIntents(ids: Iterable<string>): void {
    for (const id of ids) if (INTENT_SHAPE.test(id)) this.intents.add(id);
  }

  intentLabel(intent: string | null | undefined): string {
    if (intent === null || intent === undefined) return NO_INTENT;
    return this.intents.has(intent) ? intent : OTHER;
  }

  request(kind: RequestKind, intent: string | null, failed = false): void {
    this.requests.inc({ kind, intent: this.intentLabel(intent) });
    if (failed) this.requestsFailed.inc({ kind });
  }

  answer(intent: string, answered: boolean, seconds: number): void {
    const label = this.intentLabel(intent);
    this.answers.inc({ intent: label, answered: String(answered) });
    this.answerSeconds.observe({ intent: label }, seconds);
  }

  /** One Web API HTTP request: `result` is "ok", a Slack error code, or an HTTP/network outcome. */
  slackCall(method: string, result: string): void {
    const r = result === 'ok' || /^(ratelimited|http_[45]xx|network_error)$/.test(result) ? result : slackErrorLabel(result);
    this.slackCalls.inc({ method: method === 'response_url' ? method : methodLabel(method), result: r });
  }

  /** An answer whose post has an unknown outcome (PostOutcomeUnknownError, src/slack/post.ts; DigestOutcomeUnknownError, src/digest/runner.ts). */
  replyOutcomeUnknown(): void {
    this.repliesUnknown.inc();
  }

  digestRun(summary: Record<DigestOutcome, number>, at: Date = new Date()): void {
    this.digestRuns.inc();
    this.digestLastRun.set(at.getTime() / 1000);
    for (const outcome of DIGEST_OUTCOMES) if (summary[outcome] > 0) this.digests.inc({ outcome }, summary[outcome]);
  }

  storeError(op: string): void {
    this.storeErrors.inc({ op });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
