/**
 * Summarises a V8 CPU profile (.cpuprofile from `node --cpu-prof`): the functions with the most
 * self time and the most total (inclusive) time, with file:line relative to the project.
 *
 *   node dist/bench/profile.js <file.cpuprofile> [--top=25] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotSpot {
  fn: string;
  where: string;
  selfMs: number;
  selfShare: number;
  totalMs: number;
  totalShare: number;
}

const maps = new Map<string, SourceMap | null>();

/** The source map next to a compiled file (file.js.map), if any. */
function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return maps.get(file)!;
}

const shorten = (path: string): string => {
  const cut = path.search(/\/(dist|src|node_modules|bench|intents|knowledge|tests)\//);
  return cut >= 0 ? path.slice(cut + 1) : path;
};

/** Function name and location; compiled dist/ locations are mapped back to the TypeScript source. */
const label = (n: ProfileNode): { fn: string; where: string } => {
  const f = n.callFrame;
  const fn = f.functionName || '(anonymous)';
  if (!f.url) return { fn, where: '(native)' };
  let file = f.url;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      /* keep as is */
    }
  }
  if (file.includes('/dist/') && !file.includes('node_modules')) {
    const entry = sourceMapOf(file)?.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
      const src = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
      return { fn, where: `${shorten(src)}:${entry.originalLine + 1}` };
    }
  }
  return { fn, where: `${shorten(file)}:${f.lineNumber + 1}` };
};

/**
 * Self and inclusive time per function (keyed by name + location), largest first. Shares are of
 * the busy time (the profile minus "(idle)" samples).
 */
export function hotSpots(profile: CpuProfile): { bySelf: HotSpot[]; byTotal: HotSpot[]; totalMs: number; busyMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  const totalUs = profile.endTime - profile.startTime;
  let idleUs = 0;
  for (const n of profile.nodes) if (n.callFrame.functionName === '(idle)') idleUs += selfUs.get(n.id) ?? 0;
  const busyUs = Math.max(1, totalUs - idleUs);

  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const agg = new Map<string, { fn: string; where: string; self: number; total: number }>();
  const keyOf = (n: ProfileNode) => {
    const l = label(n);
    return { key: `${l.fn}@${l.where}`, ...l };
  };
  for (const n of profile.nodes) {
    const { key, fn, where } = keyOf(n);
    const a = agg.get(key) ?? { fn, where, self: 0, total: 0 };
    a.self += selfUs.get(n.id) ?? 0;
    agg.set(key, a);
  }
  // inclusive: each node's self time counts once for every distinct function on its stack
  for (const n of profile.nodes) {
    const self = selfUs.get(n.id) ?? 0;
    if (!self) continue;
    const seen = new Set<string>();
    for (let cur: ProfileNode | undefined = n; cur; cur = byId.get(parent.get(cur.id) ?? -1)) {
      const { key } = keyOf(cur);
      if (seen.has(key)) continue;
      seen.add(key);
      agg.get(key)!.total += self;
    }
  }
  const rows = [...agg.values()]
    .filter((a) => !['(root)', '(program)', '(idle)'].includes(a.fn))
    .map((a) => ({
      fn: a.fn,
      where: a.where,
      selfMs: a.self / 1000,
      selfShare: a.self / busyUs,
      totalMs: a.total / 1000,
      totalShare: a.total / busyUs,
    }));
  return {
    bySelf: [...rows].sort((a, b) => b.selfMs - a.selfMs),
    byTotal: [...rows].sort((a, b) => b.totalMs - a.totalMs),
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
  };
}

export function formatHotSpots(h: ReturnType<typeof hotSpots>, top = 25): string {
  const line = (r: HotSpot) =>
    `${r.selfMs.toFixed(0).padStart(7)} ms ${(r.selfShare * 100).toFixed(1).padStart(5)}%  ${r.totalMs.toFixed(0).padStart(7)} ms ${(r.totalShare * 100).toFixed(1).padStart(5)}%  ${r.fn}  ${r.where}`;
  const head = '   self          total';
  return [
    `profile: ${h.totalMs.toFixed(0)} ms, busy ${h.busyMs.toFixed(0)} ms (shares are of the busy time)`,
    '',
    'by self time:',
    head,
    ...h.bySelf.slice(0, top).map(line),
    '',
    'by total (inclusive) time:',
    head,
    ...h.byTotal.slice(0, top).map(line),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile.js <file.cpuprofile> [--top=25] [--json]\n');
    process.exit(2);
  }
  const topArg = process.argv.find((a) => a.startsWith('--top='));
  const top = topArg ? Number(topArg.slice(6)) : 25;
  const h = hotSpots(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ totalMs: h.totalMs, busyMs: h.busyMs, bySelf: h.bySelf.slice(0, top), byTotal: h.byTotal.slice(0, top) })}\n`);
  else process.stdout.write(`${formatHotSpots(h, top)}\n`);
}
