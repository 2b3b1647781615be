import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';

/** Every module specifier a TypeScript file imports or re-exports from. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('ops layering', () => {
  it('imports nothing from src/slack when any module of src/ops is read', () => {
    const dir = join(ROOT, 'src/ops');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((f) => importsOf(readFileSync(join(dir, f), 'utf8')).filter((s) => /^\.\.\/slack(\/|$)/.test(s)).map((s) => `${f}: ${s}`));
    expect(offending).toEqual([]);
  });
});
