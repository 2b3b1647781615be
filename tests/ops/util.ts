/** Helpers for the operations tests: the ops URLs of a harness and reading Prometheus text. */
import type { Harness } from '../helpers/slack-app.js';

/** http://127.0.0.1:<port><path> on the harness's port. */
export const opsUrl = (h: Harness, path: string): string => h.url.replace('/slack/events', path);

export async function getMetrics(h: Harness): Promise<string> {
  const res = await fetch(opsUrl(h, '/metrics'));
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** The value of one sample (`name{labels}`), 0 when absent; labels must match exactly (order-insensitive). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = (m[2] ?? '').match(/[a-zA-Z_]+="(?:[^"\\]|\\.)*"/g)?.sort().join(',') ?? '';
    if (got === want) return Number(m[3]);
  }
  return 0;
}
