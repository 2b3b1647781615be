/**
 * Probes and metrics over HTTP, for load balancers, Kubernetes and Prometheus:
 *   GET /healthz  200 "ok" while the process is up (liveness)
 *   GET /readyz   200 {"ok":true} when the knowledge base is loaded, the app is started and a cheap
 *                 Store call succeeds; otherwise 503 {"ok":false,"reason":"…"} (readiness)
 *   GET /metrics  Prometheus text format when METRICS=1, otherwise 404
 * In HTTP mode these are routes of Bolt's receiver, on the same port as /slack/events; in Socket
 * Mode a small node:http server on HEALTH_PORT serves them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../answer/index.js';
import type { Store } from '../store/types.js';
import { describeError } from './logger.js';
import type { Metrics } from './metrics.js';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

export type Readiness = { ok: true } | { ok: false; reason: string };

export interface OpsEndpoints {
  ready(): Promise<Readiness>;
  /** null: metrics are off (METRICS unset). */
  metrics: Metrics | null;
}

/** How long the store check may take before the app counts as not ready. */
export const STORE_CHECK_TIMEOUT_MS = 2000;

export interface ReadinessChecks {
  engine: Engine;
  store: Store;
  /** null when ready to take requests, else why not ("starting", "stopping"). */
  state(): string | null;
  /** Hides secrets in reasons (store errors may quote configuration). */
  redact?: (text: string) => string;
  timeoutMs?: number;
}

/** The knowledge base is loaded: the engine has one, with facts when it lists facts. */
export function knowledgeProblem(engine: Engine | null | undefined): string | null {
  if (!engine || typeof engine.ask !== 'function') return 'knowledge base not loaded';
  const kb = engine.kb as { facts?: unknown } | null | undefined;
  if (!kb) return 'knowledge base not loaded';
  if (Array.isArray(kb.facts) && kb.facts.length === 0) return 'knowledge base is empty';
  return null;
}

/** Readiness: started, knowledge loaded, and `store.listSubscriptions()` answers within the timeout. */
export function readiness(checks: ReadinessChecks): () => Promise<Readiness> {
  const timeoutMs = checks.timeoutMs ?? STORE_CHECK_TIMEOUT_MS;
  const redact = checks.redact ?? ((t: string) => t);
  return async () => {
    const state = checks.state();
    if (state) return { ok: false, reason: state };
    const knowledge = knowledgeProblem(checks.engine);
    if (knowledge) return { ok: false, reason: knowledge };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        checks.store.listSubscriptions(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      return { ok: false, reason: redact(`store unreachable: ${describeError(err)}`) };
    } finally {
      clearTimeout(timer);
    }
    return { ok: true };
  };
}

type Res = Pick<ServerResponse, 'writeHead' | 'end'>;

function send(res: Res, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** Answers GET /healthz, /readyz and /metrics; false for any other path (the caller answers). */
export async function handleOps(path: string, res: Res, ep: OpsEndpoints): Promise<boolean> {
  switch (path) {
    case HEALTH_PATH:
      send(res, 200, 'text/plain; charset=utf-8', 'ok');
      return true;
    case READY_PATH: {
      const r = await ep.ready().catch((err: unknown): Readiness => ({ ok: false, reason: `readiness check failed: ${describeError(err)}` }));
      send(res, r.ok ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(r));
      return true;
    }
    case METRICS_PATH:
      if (!ep.metrics) {
        send(res, 404, 'text/plain; charset=utf-8', 'metrics are off: set METRICS=1');
        return true;
      }
      try {
        send(res, 200, ep.metrics.contentType, await ep.metrics.render());
      } catch (err) {
        send(res, 500, 'text/plain; charset=utf-8', `cannot collect metrics: ${describeError(err)}`);
      }
      return true;
    default:
      return false;
  }
}

/** The three routes for Bolt's HTTPReceiver `customRoutes`. */
export function boltRoutes(ep: OpsEndpoints): { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }[] {
  return [HEALTH_PATH, READY_PATH, METRICS_PATH].map((path) => ({
    path,
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void handleOps(path, res, ep);
    },
  }));
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** The probes and metrics on their own port (Socket Mode: HEALTH_PORT). */
export async function startOpsServer(port: number, ep: OpsEndpoints, host?: string): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
      return;
    }
    void handleOps(path, res, ep).then((handled) => {
      if (!handled) send(res, 404, 'text/plain; charset=utf-8', 'not found');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
