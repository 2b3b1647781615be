/**
 * The logger handed to Bolt (and its Web API clients): the structured pino logger of
 * src/ops/logger.ts, one JSON object per line on stderr, with every secret value and anything
 * shaped like a Slack token replaced by "[redacted]" and no user text beyond a short excerpt.
 */
export { createLogger, describeError, redact, redactingLogger, type CreateLoggerOptions, type IntegLogger } from '../ops/logger.js';
