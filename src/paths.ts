import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this file holding package.json (works from src/ under tsx and from dist/src/). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('integ: cannot find the project root (package.json)');
    dir = up;
  }
}

export const ROOT = findRoot();
export const KNOWLEDGE_DIR = join(ROOT, 'knowledge');
export const SEEDS_DIR = join(ROOT, 'seeds');
export const dataDir = (): string => resolve(process.env.INTEG_DATA_DIR || join(process.cwd(), 'data'));
