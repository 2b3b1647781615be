import { describe, expect, it } from 'vitest';
import { createLogger, describeError, redact, redactingLogger } from '../../src/slack/log.js';
import { captureLogger } from '../helpers/slack-app.js';

describe('logging', () => {
  it('replaces secret values and anything shaped like a Slack token when writing a line', () => {
    expect(redact('token xoxb-123-abc and xapp-1-A-xyz and xoxp-9-q and my-signing-secret', ['my-signing-secret'])).toBe(
      'token [redacted] and [redacted] and [redacted] and [redacted]',
    );
  });

  it('drops messages below the level and redacts the rest when logging', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', secrets: ['s3cr3t-value'], write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('value is s3cr3t-value', { nested: 'xoxb-1-2-3' });
    log.error(Object.assign(new Error('boom s3cr3t-value'), { code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } }));
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', name: 'integ', msg: 'value is [redacted]', nested: '[redacted]' });
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', err: 'boom [redacted] (slack_webapi_platform_error, slack error invalid_auth)' });
  });

  it('redacts before a wrapped logger sees anything when Bolt logs through it', () => {
    const inner = captureLogger();
    const log = redactingLogger(inner, ['top-secret-1']);
    log.warn('x top-secret-1 y', new Error('e top-secret-1'));
    expect(inner.lines).toEqual(['WARN x [redacted] y e [redacted]']);
  });

  it('describes Slack errors by code, Slack error, status and retry delay', () => {
    const e = Object.assign(new Error('A rate limit was exceeded'), { code: 'slack_webapi_rate_limited_error', retryAfter: 3 });
    expect(describeError(e)).toBe('A rate limit was exceeded (slack_webapi_rate_limited_error, retry after 3s)');
    expect(describeError('plain')).toBe('plain');
  });
});
