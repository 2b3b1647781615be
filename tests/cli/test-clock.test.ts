/** INTEG_TEST_CLOCK (src/cli/serve.ts testClock): the test-only clocks of `integ serve`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testClock } from '../../src/cli/serve.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('INTEG_TEST_CLOCK', () => {
  it('is the real clock when unset or empty', () => {
    expect(testClock(undefined)).toBeUndefined();
    expect(testClock('  ')).toBeUndefined();
  });

  it('freezes at an ISO instant', () => {
    const c = testClock('2030-01-07T02:00:00Z')!;
    expect(c().toISOString()).toBe('2030-01-07T02:00:00.000Z');
    expect(() => testClock('Monday')).toThrow(/does not hold an ISO instant/);
  });

  it('reads file:PATH at each use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'integ-clock-'));
    try {
      const file = join(dir, 'clock');
      writeFileSync(file, '2030-01-07T02:00:00Z');
      const c = testClock(`file:${file}`)!;
      expect(c().toISOString()).toBe('2030-01-07T02:00:00.000Z');
      writeFileSync(file, '2030-01-14T02:00:00Z');
      expect(c().toISOString()).toBe('2030-01-14T02:00:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves the real clock by offset:MS and runs at real speed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T10:00:00Z'));
    const c = testClock(`offset:${Date.parse('2030-01-07T02:00:00Z') - Date.now()}`)!;
    expect(c().toISOString()).toBe('2030-01-07T02:00:00.000Z');
    vi.setSystemTime(new Date('2026-12-07T10:00:01.500Z'));
    expect(c().toISOString()).toBe('2030-01-07T02:00:01.500Z');
    expect(testClock('offset:-1000')!().getTime()).toBe(Date.parse('2026-12-07T10:00:00.500Z'));
    expect(() => testClock('offset:soon')).toThrow(/whole number of milliseconds/);
  });
});
