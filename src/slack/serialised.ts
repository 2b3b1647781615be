/**
 * Acknowledgement bodies serialised once. integ answers `/integ` in the acknowledgement, and the
 * answers to repeated questions come from the engine's cache: the body of such an answer is built
 * and serialised to JSON (UTF-8) once, and Bolt's HTTP receiver writes those bytes instead of
 * calling JSON.stringify on ~2.7 KB of blocks and encoding the string for every request (~30 µs
 * of CPU a command, measured with `npm run bench` and a CPU profile).
 *
 * The bytes ride on the body object under a symbol (not enumerable): everything else (Socket
 * Mode, response URLs, tests) sees and serialises the plain object, so a body is correct whether
 * or not the receiver knows the symbol.
 */
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';

const SERIALISED = Symbol('integ.serialisedJson');
const JSON_HEADERS = { 'content-type': 'application/json' };

/** `body`, frozen, carrying its JSON as UTF-8 bytes for the HTTP receiver. */
export function serialisedOnce<T extends object>(body: T): Readonly<T> {
  Object.defineProperty(body, SERIALISED, { value: Buffer.from(JSON.stringify(body)), enumerable: false });
  return Object.freeze(body);
}

/** The bytes serialisedOnce attached to `body`, if any. */
export function serialisedBytes(body: unknown): Buffer | null {
  const bytes = body !== null && typeof body === 'object' ? (body as Record<symbol, unknown>)[SERIALISED] : undefined;
  return bytes instanceof Buffer ? bytes : null;
}

type BuildContentResponse = (res: ServerResponse, body: unknown) => void;
let installed = false;

/**
 * Makes Bolt's HTTP receiver write a serialisedOnce body's bytes (HTTPResponseAck calls
 * `HTTPModuleFunctions.buildContentResponse` through the module's exports). Any other body goes to
 * Bolt's own function. Idempotent.
 */
export function writeSerialisedBodies(): void {
  if (installed) return;
  const mod = createRequire(import.meta.url)('@slack/bolt/dist/receivers/HTTPModuleFunctions.js') as { buildContentResponse?: BuildContentResponse };
  const original = mod.buildContentResponse;
  if (typeof original !== 'function') throw new Error('integ: cannot write serialised acknowledgements (Bolt internals changed)');
  mod.buildContentResponse = (res, body) => {
    const bytes = serialisedBytes(body);
    if (!bytes) return original(res, body);
    res.writeHead(200, JSON_HEADERS);
    res.end(bytes);
  };
  installed = true;
}
