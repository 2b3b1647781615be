/**
 * What the digest layer says, as data: deadline lists, the replies to the deadline and digest
 * commands, the weekly digest. Each message is a key of src/render's catalogue with the data it
 * names, written in the answer's language by the renderer. `sayDigest` is the one way to make one,
 * typed by key.
 *
 * The message map and its data types are defined beside their wording in
 * src/render/catalogue/digest.ts (the render layer may not import this one) and re-exported here.
 */
import type { Message } from '../answer/types.js';
import type { DigestMessages } from '../render/catalogue/digest.js';
export type { DateIssue, TitleIssue } from '../render/catalogue/deadlines.js';

export type {
  DateProblem,
  DeadlineMark,
  DeadlineTitle,
  DigestMessages,
  DueDate,
  DueIn,
  IdVerb,
  ListGroup,
  LocalTime,
  Precision,
  Unsaved,
  WeeklySchedule,
} from '../render/catalogue/digest.js';

export type DigestMessageKey = keyof DigestMessages;

/** A message of the digest layer. */
export function sayDigest<K extends DigestMessageKey>(key: K, ...params: DigestMessages[K] extends Record<string, never> ? [] : [DigestMessages[K]]): Message {
  return { kind: 'msg', key, params: params[0] ?? {} };
}
