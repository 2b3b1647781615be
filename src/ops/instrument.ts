/**
 * Wrappers that feed the metrics without touching the code they wrap: the engine (answers by
 * intent, engine time; not the help text), the deadline/digest command handler, the Store (errors
 * by method) and the fetch function of every Slack Web API client (and response URLs) the app makes.
 */
import type { webApi } from '@slack/bolt';
import type { AskContext, Engine } from '../answer/index.js';
import type { Answer } from '../answer/types.js';
import type { Store } from '../store/types.js';
import type { Metrics } from './metrics.js';

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** The engine, timing each answer and counting it by intent (the request notes its answer itself: requests.ts noteAnswer). */
export function instrumentEngine(engine: Engine, metrics: Metrics): Engine {
  metrics.addIntents(engine.intents.map((i) => i.id));
  return {
    get kb() {
      return engine.kb;
    },
    get intents() {
      return engine.intents;
    },
    ask(text: string, ctx?: AskContext): Answer {
      const t0 = performance.now();
      const answer = engine.ask(text, ctx);
      metrics.answer(answer.intent, answer.answered, seconds(t0));
      return answer;
    },
    understand: (text: string, ctx?: AskContext) => engine.understand(text, ctx),
    explain: (text: string, ctx?: AskContext) => engine.explain(text, ctx),
    // the help text (for `/integ help` and the App Home tab) is not counted as an answer
    help: () => engine.help(),
  };
}

/** What an answering function resolves to: an answer's intent and outcome, or null for none. */
export type AnswerOutcome = Pick<Answer, 'intent' | 'answered'> | null;

/**
 * Any function that answers (the `/integ deadline…|digest…` handler), noting the answers it gives
 * like the engine's. Typed by its shape so that ops need not know the Slack listeners that call it.
 */
export function instrumentCommandHandler<A extends unknown[], R extends AnswerOutcome>(handler: ((...args: A) => Promise<R>) | null, metrics: Metrics): ((...args: A) => Promise<R>) | null {
  if (!handler) return null;
  return async (...args) => {
    const t0 = performance.now();
    const answer = await handler(...args);
    if (answer) metrics.answer(answer.intent, answer.answered, seconds(t0));
    return answer;
  };
}

const INSTRUMENTED = Symbol.for('integ.instrumentedStore');
const OP_SHAPE = /^[a-z][A-Za-z]{0,40}$/;

/** The store, counting failed calls by method in integ_store_errors_total. Wrapping twice is a no-op. */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  if ((store as unknown as Record<symbol, unknown>)[INSTRUMENTED]) return store;
  return new Proxy(store, {
    get(target, prop) {
      if (prop === INSTRUMENTED) return true;
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const op = OP_SHAPE.test(prop) ? prop : 'other';
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          metrics.storeError(op);
          throw err;
        }
        if (result instanceof Promise) {
          return result.catch((err: unknown) => {
            metrics.storeError(op);
            throw err;
          });
        }
        return result;
      };
    },
  });
}

/** What one Web API HTTP response says: "ok", Slack's error code, or an HTTP outcome. */
async function resultOf(res: Awaited<ReturnType<webApi.FetchFunction>>): Promise<string> {
  if (res.status === 429) return 'ratelimited';
  if (res.status >= 500) return 'http_5xx';
  if (res.status >= 400) return 'http_4xx';
  const clone = (res as { clone?: () => { text(): Promise<string> } }).clone;
  if (typeof clone !== 'function') return 'ok';
  try {
    const text = await clone.call(res).text();
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (body && body.ok === false) return typeof body.error === 'string' ? body.error : 'other';
    return 'ok';
  } catch {
    return 'ok'; // not JSON (a response URL answering "ok"): the status was fine
  }
}

/**
 * A fetch for WebClientOptions.fetch (Bolt also uses it for response URLs) that counts every HTTP
 * request in integ_slack_api_calls_total: method from the URL under `apiUrl`, else "response_url".
 */
export function instrumentedFetch(apiUrl: string, metrics: Metrics, base: webApi.FetchFunction = globalThis.fetch as unknown as webApi.FetchFunction): webApi.FetchFunction {
  return async (url, init) => {
    const href = typeof url === 'string' ? url : url.href;
    const method = href.startsWith(apiUrl) ? href.slice(apiUrl.length).split(/[?#]/)[0] : 'response_url';
    let res: Awaited<ReturnType<webApi.FetchFunction>>;
    try {
      res = await base(url, init);
    } catch (err) {
      metrics.slackCall(method, 'network_error');
      throw err;
    }
    metrics.slackCall(method, await resultOf(res));
    return res;
  };
}
