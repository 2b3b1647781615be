/**
 * The layers point one way (README "How it is built"): knowledge → answer (+ intents) → render →
 * slack / cli, with digest, store and ops beside. Each folder may import only the folders listed
 * for it here; anything else is a dependency the wrong way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/paths.js';

const BASE = ['knowledge', 'src/knowledge', 'src/paths', 'src/zones'];
/** Folder (or top-level module) → what it may import, besides itself and packages. */
const ALLOWED: Record<string, string[]> = {
  knowledge: [],
  'src/paths': [],
  'src/zones': [],
  'src/knowledge': ['knowledge', 'src/paths'],
  'src/answer': ['knowledge', 'src/knowledge'],
  intents: ['src/answer', ...BASE],
  'src/render': ['src/answer', ...BASE],
  'src/store': ['src/paths'],
  'src/config': ['src/zones'],
  'src/digest': ['src/answer', 'src/render', 'src/store', ...BASE],
  'src/ops': ['src/answer', 'src/store', 'src/config', ...BASE],
  'src/curate': ['src/answer', 'src/render', 'src/store', ...BASE],
  'src/engine': ['intents', 'src/answer', 'src/digest', 'src/store', ...BASE],
  'src/slack': ['intents', 'src/answer', 'src/render', 'src/digest', 'src/store', 'src/ops', 'src/config', 'src/engine', ...BASE],
};

/** Every relative module specifier a TypeScript file imports or re-exports from. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

/** The layer a repository path belongs to: the longest ALLOWED key it is, or is inside. */
function layerOf(path: string): string | null {
  const noExt = path.replace(/\.(js|ts)$/, '');
  const keys = Object.keys(ALLOWED).filter((k) => noExt === k || noExt.startsWith(`${k}/`));
  return keys.sort((a, b) => b.length - a.length)[0] ?? null;
}

function filesUnder(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (statSync(abs).isFile()) return [dir];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('layers', () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`imports only ${allowed.length ? allowed.join(', ') : 'packages'} when a module of ${layer} imports another`, () => {
      const files = filesUnder(statSafe(`${layer}.ts`) ? `${layer}.ts` : layer).filter((f) => layerOf(f) === layer);
      expect(files.length).toBeGreaterThan(0);
      const wrong = files.flatMap((file) =>
        importsOf(readFileSync(join(ROOT, file), 'utf8'))
          .map((spec) => relative(ROOT, resolve(dirname(join(ROOT, file)), spec)))
          .filter((target) => {
            const to = layerOf(target);
            return to !== layer && !(to && allowed.includes(to));
          })
          .map((target) => `${file} → ${target}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('knows the layer of every module under src/ and intents/ (none escapes the rules)', () => {
    const all = [...filesUnder('src'), ...filesUnder('intents')].filter((f) => !f.startsWith('src/cli'));
    expect(all.filter((f) => f !== 'src/cli.ts' && layerOf(f) === null)).toEqual([]);
  });
});

function statSafe(path: string): boolean {
  try {
    return statSync(join(ROOT, path)).isFile();
  } catch {
    return false;
  }
}
