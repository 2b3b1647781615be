/**
 * Preloaded into the soak's server (node --expose-gc --import dist/bench/gc-on-signal.js): a full
 * GC on SIGUSR2, so the soak can read the live heap (after GC) from /metrics. Benchmark only.
 */
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => {
  gc?.();
  gc?.();
});
