/**
 * One engine measurement in its own process; prints the EngineResult as one JSON line.
 *
 *   node --expose-gc dist/bench/engine-child.js --factor=100 [--questions=5000] [--warmup=3000] [--build-repeats=2] [--budget-ms=20000]
 *        [--root=DIR]          load the engine from DIR/knowledge, DIR/seeds and DIR/index-cache.bin (bench/engine-ready.ts)
 *        [--profile-dir=DIR]   CPU profiles of the cold build and of the timed passes (DIR/build-100x.cpuprofile,
 *                              DIR/ask-100x.cpuprofile); summarise with `node dist/bench/profile.js FILE`
 */
import { cpuProfiler, measureEngine } from './engine.js';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = hit ? Number(hit.slice(name.length + 3)) : fallback;
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

const factor = arg('factor', 1);
const profileDir = process.argv.find((a) => a.startsWith('--profile-dir='))?.slice('--profile-dir='.length);
const result = await measureEngine({
  factor,
  profiler: profileDir ? await cpuProfiler(profileDir, factor) : undefined,
  questions: arg('questions', 5000),
  warmup: arg('warmup', 3000),
  buildRepeats: arg('build-repeats', 2),
  budgetMs: arg('budget-ms', 20_000),
  root: process.argv.find((a) => a.startsWith('--root='))?.slice('--root='.length),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
