/** A Store whose every call (reads and writes) waits `delayMs` first: a slow disk or database. */
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';

export interface SlowStore extends Store {
  delayMs: number;
  inner: MemoryStore;
}

export function slowStore(delayMs: number, inner = new MemoryStore()): SlowStore {
  const slow = { delayMs, inner } as SlowStore;
  return new Proxy(slow, {
    get(target, prop) {
      if (prop === 'delayMs' || prop === 'inner') return target[prop];
      const v = (inner as unknown as Record<string | symbol, unknown>)[prop];
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        if (target.delayMs > 0) await new Promise((r) => setTimeout(r, target.delayMs));
        return (v as (...a: unknown[]) => unknown).apply(inner, args);
      };
    },
    set(target, prop, value) {
      if (prop === 'delayMs') {
        target.delayMs = value as number;
        return true;
      }
      return false;
    },
  });
}
