/**
 * Preloaded into a benchmark's server (node --expose-gc --import dist/bench/gc-on-signal.js): a full
 * GC on SIGUSR2, then one line on stderr with the live heap and RSS after it
 * ({"integBenchHeap":{"heapUsed":…,"rss":…}}), so that the soak (which also reads /metrics) and the
 * load run can tell live memory from garbage not yet collected. Benchmark only.
 */
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => {
  gc?.();
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`${JSON.stringify({ integBenchHeap: { heapUsed, rss } })}\n`);
});
