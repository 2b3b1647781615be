import type { Formatter } from '../format.js';

/** A catalogue entry: a message's data → the sentence, in one language. */
export type Entry<P> = (params: P, f: Formatter) => string;

/** Every message of a group, in one language: a missing key does not compile. */
export type Entries<M> = { [K in keyof M]: Entry<M[K]> };
