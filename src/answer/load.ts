import { loadKnowledge } from '../knowledge/load.js';
import { createEngine, type Engine } from './index.js';

/** The engine over the project's own knowledge/ and seeds/ (validated; throws KnowledgeError). */
export function loadEngine(): Engine {
  return createEngine(loadKnowledge());
}
