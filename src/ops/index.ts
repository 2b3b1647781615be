/**
 * Operations support for the Slack app, in one place so src/slack/app.ts stays thin: metrics
 * (METRICS=1), the probes (/healthz, /readyz) and /metrics, the request context of each Slack
 * request, and the instrumented engine, store and Web API fetch.
 */
import type { webApi } from '@slack/bolt';
import type { Engine } from '../answer/index.js';
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import { boltRoutes, readiness, startOpsServer, type OpsEndpoints, type OpsServer, type Readiness } from './health.js';
import { instrumentCommandHandler, instrumentedFetch, instrumentEngine, instrumentStore, type AnswerOutcome } from './instrument.js';
import { redact } from './logger.js';
import { Metrics } from './metrics.js';

export { HEALTH_PATH, METRICS_PATH, READY_PATH, type Readiness } from './health.js';
export { Metrics } from './metrics.js';
export { contextRequestId, markFailed, noteAnswer, requestOf, trackRequests } from './requests.js';

export type AppPhase = 'starting' | 'ready' | 'stopping' | 'stopped';

export interface AppOps {
  /** null when METRICS is off. */
  metrics: Metrics | null;
  /** The engine, counting each answer by intent with its time when metrics are on. */
  engine: Engine;
  /** The store, counting its errors when metrics are on. */
  store: Store;
  /** The deadline/digest command handler, its answers counted when metrics are on. */
  commandHandler<A extends unknown[], R extends AnswerOutcome>(handler: ((...args: A) => Promise<R>) | null): ((...args: A) => Promise<R>) | null;
  /** WebClientOptions additions: the instrumented fetch when metrics are on. */
  clientOptions: Pick<webApi.WebClientOptions, 'fetch'>;
  /** Bolt HTTPReceiver customRoutes: /healthz, /readyz, /metrics. */
  routes: ReturnType<typeof boltRoutes>;
  ready(): Promise<Readiness>;
  setPhase(phase: AppPhase): void;
  /** Socket Mode: whether the WebSocket to Slack is up (not ready while it is down). */
  setConnected(connected: boolean): void;
  /** The probes and metrics on their own port (Socket Mode). */
  startServer(port: number): Promise<OpsServer>;
}

export interface AppOpsOptions {
  config: Config;
  engine: Engine;
  store: Store;
  /** undefined: a new registry when config.metrics, else none; null: none. */
  metrics?: Metrics | null;
  secrets: readonly string[];
}

export function createAppOps(opts: AppOpsOptions): AppOps {
  const metrics = opts.metrics !== undefined ? opts.metrics : opts.config.metrics ? new Metrics() : null;
  const store = metrics ? instrumentStore(opts.store, metrics) : opts.store;
  const engine = metrics ? instrumentEngine(opts.engine, metrics) : opts.engine;
  let phase: AppPhase = 'starting';
  /** null: not Socket Mode. */
  let socketConnected: boolean | null = null;
  const state = (): string | null => {
    if (phase === 'starting') return 'starting: not connected to Slack yet';
    if (phase !== 'ready') return phase;
    if (socketConnected === false) return 'Socket Mode: not connected to Slack (reconnecting)';
    return null;
  };
  const ready = readiness({
    engine: opts.engine,
    store,
    state,
    redact: (t) => redact(t, opts.secrets),
  });
  const endpoints: OpsEndpoints = { ready, metrics };
  return {
    metrics,
    engine,
    store,
    commandHandler: (handler) => (metrics ? instrumentCommandHandler(handler, metrics) : handler),
    clientOptions: metrics ? { fetch: instrumentedFetch(opts.config.slack.apiUrl, metrics) } : {},
    routes: boltRoutes(endpoints),
    ready,
    setPhase(p) {
      phase = p;
    },
    setConnected(connected) {
      socketConnected = connected;
    },
    startServer: (port) => startOpsServer(port, endpoints),
  };
}
