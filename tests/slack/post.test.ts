/**
 * The rules of src/slack/post.ts: what is retried after a failed post, what is looked for first,
 * and when the outcome is unknown.
 */
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { isAmbiguous, postOnce, PostOutcomeUnknownError, retryIdempotent } from '../../src/slack/post.js';

describe('postOnce', () => {
  const requestError = () => new webApi.WebAPIRequestError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  const noWait = async () => undefined;

  it('sorts failures: lost answers are ambiguous, Slack refusals and rate limits are not', () => {
    expect(isAmbiguous(requestError())).toBe(true);
    expect(isAmbiguous(new webApi.WebAPIRequestError(new DOMException('The operation was aborted due to timeout', 'TimeoutError')))).toBe(true);
    expect(isAmbiguous(new webApi.WebAPIHTTPError(502, 'Bad Gateway', {}))).toBe(true);
    expect(isAmbiguous(new webApi.WebAPIHTTPError(400, 'Bad Request', {}))).toBe(false);
    expect(isAmbiguous(new webApi.WebAPIRateLimitedError(3))).toBe(false);
    expect(isAmbiguous(new webApi.WebAPIPlatformError({ ok: false, error: 'channel_not_found' }))).toBe(false);
  });

  it('looks before every post after a lost answer, and returns what it finds instead of posting', async () => {
    const events: string[] = [];
    const result = await postOnce({
      post: async () => {
        events.push('post');
        throw requestError();
      },
      find: async () => {
        events.push('find');
        return events.length < 4 ? null : { ts: '1.5' };
      },
      sleep: noWait,
    });
    expect(result).toEqual({ ts: '1.5', found: true });
    expect(events).toEqual(['post', 'find', 'post', 'find']);
  });

  it('gives up with the last error after maxPosts posts none of which reached the channel', async () => {
    let posts = 0;
    const err = requestError();
    await expect(postOnce({ post: async () => (posts++, Promise.reject(err)), find: async () => null, maxPosts: 3, sleep: noWait })).rejects.toBe(err);
    expect(posts).toBe(3);
  });

  it('throws PostOutcomeUnknownError, without posting again, when the look-up fails', async () => {
    let posts = 0;
    const lookup = new webApi.WebAPIPlatformError({ ok: false, error: 'not_in_channel' });
    const err = await postOnce({ post: async () => (posts++, Promise.reject(requestError())), find: () => Promise.reject(lookup), sleep: noWait }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostOutcomeUnknownError);
    expect((err as PostOutcomeUnknownError).lookupError).toBe(lookup);
    expect((err as Error).message).toMatch(/may or may not have been posted.*not_in_channel/);
    expect(posts).toBe(1);
  });

  it('waits Retry-After and posts again after a 429, without looking, up to maxRateLimitWaits', async () => {
    const waits: number[] = [];
    let posts = 0;
    const result = await postOnce({
      post: async () => (++posts < 3 ? Promise.reject(new webApi.WebAPIRateLimitedError(2)) : { ts: '9.9' }),
      find: () => Promise.reject(new Error('must not look')),
      sleep: async (ms) => void waits.push(ms),
    });
    expect(result).toEqual({ ts: '9.9', found: false });
    expect(waits).toEqual([2000, 2000]);
    posts = 0;
    await expect(postOnce({ post: async () => (posts++, Promise.reject(new webApi.WebAPIRateLimitedError(1))), find: async () => null, maxRateLimitWaits: 2, sleep: noWait })).rejects.toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect(posts).toBe(3);
  });

  it('does not retry what Slack refused', async () => {
    let posts = 0;
    const refusal = new webApi.WebAPIPlatformError({ ok: false, error: 'invalid_blocks' });
    await expect(postOnce({ post: async () => (posts++, Promise.reject(refusal)), find: async () => null, sleep: noWait })).rejects.toBe(refusal);
    expect(posts).toBe(1);
  });

  it('retries reads after lost answers and 429s, but not after a refusal', async () => {
    let n = 0;
    expect(await retryIdempotent(async () => (++n === 1 ? Promise.reject(requestError()) : n === 2 ? Promise.reject(new webApi.WebAPIRateLimitedError(1)) : 'ok'), { sleep: noWait })).toBe('ok');
    expect(n).toBe(3);
    n = 0;
    await expect(retryIdempotent(async () => (n++, Promise.reject(new webApi.WebAPIPlatformError({ ok: false, error: 'missing_scope' }))), { sleep: noWait })).rejects.toMatchObject({ data: { error: 'missing_scope' } });
    expect(n).toBe(1);
  });
});
