/** Every intent, registered statically. Order breaks ties: earlier wins. */
import type { IntentSpec } from '../src/answer/intent.js';
import agreements from './agreements.js';
import documents from './documents.js';
import events from './events.js';
import fdi from './fdi.js';
import growth from './growth.js';
import help from './help.js';
import localities from './localities.js';
import people from './people.js';
import policy from './policy.js';
import relations from './relations.js';
import trade from './trade.js';

export const INTENTS: readonly IntentSpec[] = [help, localities, fdi, trade, growth, relations, agreements, documents, people, events, policy];
