/**
 * How soon a process that starts can answer, at one knowledge-base size: the synthetic knowledge
 * written to files (bench/synthetic.ts writeSynthetic), then two fresh processes load the engine
 * from them as `integ serve` does (src/engine.ts loadEngine with an index cache file): the first
 * finds no cache (loads and validates the knowledge, builds the indexes, writes the cache), the
 * second reads the cache. Each reports the time from its own start (Node's) to its first answer,
 * and its RSS.
 *
 *   node dist/bench/engine-ready.js --write --factor=1000 --root=DIR
 *   node dist/bench/engine-ready.js --load --root=DIR
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

export interface ReadyLoad {
  /** Where the indexes came from. */
  from: 'cache' | 'knowledge';
  /** Process start to the engine loaded (ms). */
  loadedMs: number;
  /** Process start to its first answer (ms): "ready to answer". */
  readyMs: number;
  rss: number;
  rssPeak: number;
}

export interface ReadyResult {
  factor: number;
  written: { sources: number; facts: number; bytes: number; ms: number; rssPeak: number };
  cold: ReadyLoad;
  warm: ReadyLoad;
  cacheBytes: number;
}

const SELF = fileURLToPath(import.meta.url);

function child<T>(args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [SELF, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`engine-ready ${args.join(' ')} exited with ${signal ?? code}: ${err.trim().slice(-1500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch {
        reject(new Error(`engine-ready ${args.join(' ')} printed no result: ${out.slice(-300)} ${err.slice(-300)}`));
      }
    });
  });
}

/**
 * Measures the start-up at `factor`× in fresh processes. With `keep`, the files (knowledge, seeds,
 * index cache) stay in `root` for the caller, who removes them; otherwise they are removed.
 */
export async function measureReady(factor: number, opts: { keep?: boolean; timeoutMs?: number } = {}): Promise<ReadyResult & { root: string | null }> {
  const timeoutMs = opts.timeoutMs ?? 20 * 60_000;
  const root = mkdtempSync(join(tmpdir(), `integ-ready-${factor}x-`));
  try {
    const written = await child<ReadyResult['written']>(['--write', `--factor=${factor}`, `--root=${root}`], timeoutMs);
    const cold = await child<ReadyLoad>(['--load', `--root=${root}`], timeoutMs);
    const warm = await child<ReadyLoad>(['--load', `--root=${root}`], timeoutMs);
    return { factor, written, cold, warm, cacheBytes: statSync(join(root, 'index-cache.bin')).size, root: opts.keep ? root : null };
  } finally {
    if (!opts.keep) rmSync(root, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const root = opt('root');
  if (!root) throw new Error('--root=DIR is required');
  const dir = join(root, 'knowledge');
  const seedsDir = join(root, 'seeds');
  if (argv.includes('--write')) {
    const { loadKnowledge } = await import('../src/knowledge/load.js');
    const { writeSynthetic } = await import('./synthetic.js');
    const t = performance.now();
    const w = writeSynthetic(loadKnowledge(), Number(opt('factor') ?? 1), dir, seedsDir);
    process.stdout.write(`${JSON.stringify({ ...w, ms: performance.now() - t, rssPeak: process.resourceUsage().maxRSS * 1024 })}\n`);
    return;
  }
  // as `integ serve` starts: the engine with its index cache, then a question
  const { loadEngine } = await import('../src/engine.js');
  let from: ReadyLoad['from'] = 'knowledge';
  const engine = loadEngine({ dir, seedsDir, cacheFile: join(root, 'index-cache.bin'), onLoad: (how) => (from = how.from) });
  const loadedMs = performance.now();
  engine.ask('How much FDI was disbursed in the first seven months of 2025?');
  const readyMs = performance.now();
  process.stdout.write(`${JSON.stringify({ from, loadedMs, readyMs, rss: process.memoryUsage().rss, rssPeak: process.resourceUsage().maxRSS * 1024 } satisfies ReadyLoad)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
