import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { answerFallbackText, answerToBlocks } from '../../src/render/blocks.js';
import { classifyPostError, digestAnswer, runDigests, startScheduler, type DigestLogger, type PostDigest } from '../../src/digest/runner.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Subscription } from '../../src/store/types.js';
import { kb, team } from './fixtures.js';
import { shown } from '../helpers/text.js';

const HCM = 'Asia/Ho_Chi_Minh';
const SLOT = '2026-11-23T02:00:00.000Z'; // Monday 09:00 in HCM, week 2026-W48
const W = '2026-W48';

const sub = (channel: string, over: Partial<Subscription> = {}): Subscription => ({
  teamId: null,
  channel,
  weekday: 1,
  time: '09:00',
  tz: HCM,
  createdBy: 'U1',
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

const platformError = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });
const httpError = (status: number) => new webApi.WebAPIHTTPError(status, 'Server Error', {});
const requestError = () => new webApi.WebAPIRequestError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

function recorder() {
  const lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  const logger: DigestLogger = {
    info: (message, meta) => lines.push({ level: 'info', message, meta }),
    warn: (message, meta) => lines.push({ level: 'warn', message, meta }),
    error: (message, meta) => lines.push({ level: 'error', message, meta }),
  };
  return { lines, logger };
}

/** A post function that records calls and behaves per channel. */
function poster(behaviour: Record<string, (n: number) => Promise<{ ts: string }>> = {}) {
  const calls: { channel: string; answer: Answer }[] = [];
  let ts = 0;
  const post: PostDigest = (channel, answer) => {
    calls.push({ channel, answer });
    const n = calls.filter((c) => c.channel === channel).length;
    const b = behaviour[channel];
    return b ? b(n) : Promise.resolve({ ts: `17000.${++ts}` });
  };
  return { post, calls, count: (c: string) => calls.filter((x) => x.channel === c).length };
}

let store: MemoryStore;
beforeEach(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(SLOT));
  store = new MemoryStore();
});
afterEach(() => {
  vi.useRealTimers();
});

const run = (post: PostDigest, extra: Partial<Parameters<typeof runDigests>[0]> = {}) =>
  runDigests({ store, kb, now: new Date(), post, ...extra });

describe('runDigests', () => {
  it('delivers each due subscription once, records the ts, and a second run posts nothing', async () => {
    await store.putSubscription(sub('C1'));
    await store.putSubscription(sub('C2'));
    await store.putSubscription(sub('C3', { weekday: 2 })); // Tuesday: not due yet
    const p = poster();
    expect(await run(p.post)).toEqual({ due: 2, delivered: 2, failed: 0, skipped: 0, unknown: 0 });
    expect(p.calls.map((c) => c.channel).sort()).toEqual(['C1', 'C2']);
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'delivered', ts: expect.stringMatching(/^17000\./), attempts: 1 });

    expect(await run(p.post)).toEqual({ due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 });
    vi.setSystemTime(new Date('2026-11-27T10:00:00Z'));
    expect(await run(p.post)).toMatchObject({ due: 1, delivered: 1 }); // C3 on Tuesday caught up
    expect(p.calls.length).toBe(3);
  });

  it('posts nothing before the slot', async () => {
    await store.putSubscription(sub('C1'));
    vi.setSystemTime(new Date('2026-11-23T01:59:59Z'));
    const p = poster();
    expect(await run(p.post)).toEqual({ due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 });
  });

  it('posts the digest content for the channel (its own deadlines, in its zone)', async () => {
    await store.putSubscription(sub('C1'));
    await store.addDeadline({ channel: 'C1', title: 'Our report', due: '2026-12-01', createdBy: 'U9', createdAt: '2026-11-20T00:00:00Z' });
    await store.addDeadline({ channel: 'C2', title: 'Not ours', due: '2026-12-01', createdBy: 'U9', createdAt: '2026-11-20T00:00:00Z' });
    const p = poster();
    await run(p.post);
    const a = p.calls[0].answer;
    expect(a.intent).toBe('digest');
    expect(a.points.map((x) => shown(x.text)).join('\n')).toContain('Our report — 1 Dec 2026 · in 8 days');
    expect(a.points.map((x) => shown(x.text)).join('\n')).not.toContain('Not ours');
  });

  it("posts each channel's digest in the language stored with its subscription, else the channel's, else English", async () => {
    await store.putSubscription(sub('C1', { lang: 'vi' }));
    await store.putSubscription(sub('C2', { lang: 'en' }));
    await store.putSubscription(sub('C3'));
    await store.putSubscription(sub('C4'));
    await store.setLanguage({ teamId: null, kind: 'channel', id: 'C4' }, 'vi', '2026-11-01T00:00:00Z');
    await store.setLanguage({ teamId: null, kind: 'channel', id: 'C2' }, 'vi', '2026-11-01T00:00:00Z');
    await store.addDeadline({ channel: 'C1', title: 'Báo cáo quý', due: '2026-12-01', createdBy: 'U9', createdAt: '2026-11-20T00:00:00Z' });
    const p = poster();
    await run(p.post);
    const posted = Object.fromEntries(p.calls.map((c) => [c.channel, c.answer]));
    expect(Object.fromEntries(Object.entries(posted).map(([c, a]) => [c, a.lang]))).toEqual({ C1: 'vi', C2: 'en', C3: 'en', C4: 'vi' });
    expect(shown(posted.C1.headline, 'vi')).toBe('Bản tin hạn chót hằng tuần — hạn chót trong 30 ngày tới: 1.');
    expect(shown(posted.C1.points[0].text, 'vi')).toBe('Báo cáo quý — 01/12/2026 · còn 8 ngày · do U9 thêm ngày 20/11/2026 (d1)');
    expect(shown(posted.C3.headline, 'en')).toMatch(/^Nothing due in the next 30 days; the next deadline is APEC Year 2027/);
  });

  it('unsubscribes a channel on channel_not_found / not_in_channel / is_archived and still delivers the others', async () => {
    for (const c of ['C1', 'GONE', 'OUT', 'ARCH', 'C5']) await store.putSubscription(sub(c));
    const { lines, logger } = recorder();
    const p = poster({
      GONE: () => Promise.reject(platformError('channel_not_found')),
      OUT: () => Promise.reject(platformError('not_in_channel')),
      ARCH: () => Promise.reject(platformError('is_archived')),
    });
    expect(await run(p.post, { logger })).toEqual({ due: 5, delivered: 2, failed: 3, skipped: 0, unknown: 0 });
    expect((await store.listSubscriptions()).map((s) => s.channel).sort()).toEqual(['C1', 'C5']);
    expect(await store.getDelivery('GONE', W)).toMatchObject({ status: 'failed', error: 'channel_not_found' });
    expect(await store.getDelivery('C5', W)).toMatchObject({ status: 'delivered' });
    expect(lines.filter((l) => /unsubscribed GONE \(channel_not_found\)/.test(l.message)).length).toBe(1);
    // never retried
    vi.advanceTimersByTime(60_000);
    await run(p.post, { logger, now: new Date() });
    expect(p.count('GONE')).toBe(1);
  });

  it('releases the claim on a transient error and delivers on the next run in the same week', async () => {
    await store.putSubscription(sub('C1'));
    await store.putSubscription(sub('C2'));
    const p = poster({ C1: (n) => (n === 1 ? Promise.reject(httpError(503)) : Promise.resolve({ ts: '1.5' })) });
    expect(await run(p.post)).toEqual({ due: 2, delivered: 1, failed: 1, skipped: 0, unknown: 0 });
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'released', attempts: 1 });
    vi.advanceTimersByTime(60_000);
    expect(await run(p.post)).toEqual({ due: 1, delivered: 1, failed: 0, skipped: 0, unknown: 0 });
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'delivered', ts: '1.5', attempts: 2, error: null });
    expect(p.count('C1')).toBe(2);
    expect(p.count('C2')).toBe(1);
  });

  it('gives up for the week after maxAttempts transient failures, then delivers next week', async () => {
    await store.putSubscription(sub('C1'));
    const p = poster({ C1: () => Promise.reject(requestError()) });
    for (let i = 0; i < 6; i++) {
      await run(p.post, { maxAttempts: 3 });
      vi.advanceTimersByTime(60_000);
    }
    expect(p.count('C1')).toBe(3);
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringMatching(/gave up after 3 attempts/) });
    expect(await store.getSubscription('C1')).not.toBeNull(); // still subscribed

    vi.setSystemTime(new Date('2026-11-30T02:00:00Z'));
    const ok = poster();
    expect(await run(ok.post, { maxAttempts: 3 })).toMatchObject({ delivered: 1 });
  });

  it('does not retry a platform error that retrying cannot fix, and keeps the subscription', async () => {
    await store.putSubscription(sub('C1'));
    const p = poster({ C1: () => Promise.reject(platformError('invalid_blocks')) });
    await run(p.post);
    vi.advanceTimersByTime(60_000);
    await run(p.post);
    expect(p.count('C1')).toBe(1);
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'failed', error: 'invalid_blocks' });
    expect(await store.getSubscription('C1')).not.toBeNull();
  });

  it('leaves a hanging post its claim (it may still post), counts it unknown and carries on with the other channels', async () => {
    vi.useRealTimers();
    const now = new Date(SLOT);
    await store.putSubscription(sub('HANG'));
    await store.putSubscription(sub('C2'));
    const p = poster({ HANG: () => new Promise(() => undefined) });
    const summary = await runDigests({ store, kb, now, post: p.post, postTimeoutMs: 50, concurrency: 1 });
    expect(summary).toEqual({ due: 2, delivered: 1, failed: 0, skipped: 0, unknown: 1 });
    expect(await store.getDelivery('HANG', W)).toMatchObject({ status: 'claimed', error: null });
    expect(await store.getDelivery('C2', W)).toMatchObject({ status: 'delivered' });
    // nobody posts it again while it may still land: not due until the lease has passed
    expect(await runDigests({ store, kb, now: new Date(now.getTime() + 60_000), post: p.post, postTimeoutMs: 50 })).toMatchObject({ due: 0 });
    expect(p.count('HANG')).toBe(1);
  });

  it('records the outcome of a timed-out post when it ends: released when Slack had not posted it', async () => {
    vi.useRealTimers();
    const now = new Date(SLOT);
    await store.putSubscription(sub('SLOW'));
    let failLate!: (e: unknown) => void;
    const p = poster({ SLOW: (n) => (n === 1 ? new Promise((_, reject) => (failLate = reject)) : Promise.resolve({ ts: '2.2' })) });
    await runDigests({ store, kb, now, post: p.post, postTimeoutMs: 20 });
    failLate(httpError(503));
    await vi.waitFor(async () => expect(await store.getDelivery('SLOW', W)).toMatchObject({ status: 'released' }));
    expect(await runDigests({ store, kb, now: new Date(now.getTime() + 60_000), post: p.post })).toMatchObject({ delivered: 1 });
    expect(await store.getDelivery('SLOW', W)).toMatchObject({ status: 'delivered', ts: '2.2', attempts: 2 });
  });

  it('records a timed-out post that succeeds late, so it is not posted again', async () => {
    vi.useRealTimers();
    const now = new Date(SLOT);
    await store.putSubscription(sub('SLOW'));
    let resolveLate!: (v: { ts: string }) => void;
    const p = poster({ SLOW: (n) => (n === 1 ? new Promise((r) => (resolveLate = r)) : Promise.resolve({ ts: 'dup' })) });
    await runDigests({ store, kb, now, post: p.post, postTimeoutMs: 20 });
    expect((await store.getDelivery('SLOW', W))!.status).toBe('claimed');
    resolveLate({ ts: 'late.1' });
    await vi.waitFor(async () => expect(await store.getDelivery('SLOW', W)).toMatchObject({ status: 'delivered', ts: 'late.1' }));
    await runDigests({ store, kb, now: new Date(now.getTime() + 60_000), post: p.post, postTimeoutMs: 20 });
    expect(p.count('SLOW')).toBe(1);
  });

  it('leaves a channel due again after a crash between post and record, once the lease has passed', async () => {
    await store.putSubscription(sub('C1'));
    // a previous process claimed at the slot and died (no finish)
    expect(await store.claimDelivery('C1', W, SLOT)).toBe(true);
    const p = poster();
    vi.setSystemTime(new Date('2026-11-23T02:05:00Z'));
    expect(await run(p.post)).toEqual({ due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 }); // within the lease
    vi.setSystemTime(new Date('2026-11-23T02:10:00Z'));
    expect(await run(p.post)).toEqual({ due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 }); // exactly the lease
    vi.setSystemTime(new Date('2026-11-23T02:10:01Z'));
    expect(await run(p.post)).toEqual({ due: 1, delivered: 1, failed: 0, skipped: 0, unknown: 0 });
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(await run(p.post)).toMatchObject({ due: 0 });
    expect(p.count('C1')).toBe(1);
  });

  it('never lets two concurrent runs post the same digest twice', async () => {
    for (const c of ['C1', 'C2', 'C3']) await store.putSubscription(sub(c));
    const p = poster();
    const [a, b] = await Promise.all([run(p.post), run(p.post)]);
    expect(a.delivered + b.delivered).toBe(3);
    expect(a.skipped + b.skipped).toBe(3);
    expect(p.calls.length).toBe(3);
  });

  it('posts nothing when the claim cannot be saved', async () => {
    await store.putSubscription(sub('C1'));
    store.failWrites = new Error('ENOSPC');
    const p = poster();
    expect(await run(p.post)).toEqual({ due: 1, delivered: 0, failed: 1, skipped: 0, unknown: 0 });
    expect(p.calls.length).toBe(0);
  });

  it('does not post again when a delivery could not be recorded, and records it on the next run', async () => {
    await store.putSubscription(sub('C1'));
    const memo = new (await import('../../src/digest/runner.js')).DeliveryMemo();
    const p = poster({
      C1: async () => {
        store.failWrites = new Error('ENOSPC'); // the disk fills up right after Slack accepted the post
        return { ts: '9.9' };
      },
    });
    expect(await run(p.post, { memo })).toMatchObject({ delivered: 1 });
    expect((await store.getDelivery('C1', W))!.status).toBe('claimed');
    store.failWrites = null;
    vi.setSystemTime(new Date('2026-11-23T02:30:00Z')); // past the lease: due again by the ledger
    expect(await run(p.post, { memo })).toMatchObject({ delivered: 0 });
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'delivered', ts: '9.9' });
    expect(p.count('C1')).toBe(1);
  });

  it('does not deliver to a channel that subscribed after this week slot', async () => {
    await store.putSubscription(sub('C1', { createdAt: '2026-11-23T02:00:30.000Z' }));
    vi.setSystemTime(new Date('2026-11-23T02:01:00Z'));
    const p = poster();
    expect(await run(p.post)).toMatchObject({ due: 0 });
    expect(p.calls.length).toBe(0);
  });
});

describe('classifyPostError', () => {
  it('sorts Slack errors into unsubscribe, give up and retry', () => {
    expect(classifyPostError(platformError('channel_not_found'))).toBe('unsubscribe');
    expect(classifyPostError(platformError('not_in_channel'))).toBe('unsubscribe');
    expect(classifyPostError(platformError('is_archived'))).toBe('unsubscribe');
    expect(classifyPostError(platformError('invalid_auth'))).toBe('give-up');
    expect(classifyPostError(platformError('internal_error'))).toBe('retry');
    expect(classifyPostError(httpError(500))).toBe('retry');
    expect(classifyPostError(httpError(503))).toBe('retry');
    expect(classifyPostError(httpError(400))).toBe('give-up');
    expect(classifyPostError(requestError())).toBe('retry');
    expect(classifyPostError(new webApi.WebAPIRateLimitedError(30))).toBe('retry');
    expect(classifyPostError(new Error('boom'))).toBe('retry');
  });
});

describe('digestAnswer', () => {
  it('shows what is due within 30 days with days left, what passed in the last 7 days, and the next later item', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = digestAnswer(new Date(), kb, [team({ id: 'd1', due: '2025-10-10', title: 'Team memo' })], HCM);
    expect(shown(a.headline)).toBe('Weekly deadline digest — deadlines in the next 30 days: 3.');
    expect(a.points.map((p) => shown(p.text))).toEqual([
      'Team memo — 10 Oct 2025 · ⚠️ due in 7 days · added by U123 on 20 Sep 2025 (d1)',
      'A day-precision source deadline — 25 Oct 2025 · in 22 days',
      'Signing of the UN Convention against Cybercrime in Hanoi — October 2025 · 28 days left (to 31 Oct 2025)',
      'Later: APEC Year 2027 — 2027 · 819 days left (to 31 Dec 2027)',
      'Passed: Steering Committee work plan 2026–2030 — September 2025 · passed: the month ended 3 days ago',
    ]);
    // every source deadline cites its source, one citation per source
    expect(a.citations.length).toBeGreaterThan(0);
    expect(new Set(a.citations.map((c) => c.source)).size).toBe(a.citations.length);
    for (const p of a.points.filter((x) => !shown(x.text).includes('added by'))) expect(p.cites.length).toBeGreaterThan(0);
  });

  it('says so in one line when nothing is due', () => {
    vi.setSystemTime(new Date('2026-03-01T03:00:00Z'));
    const a = digestAnswer(new Date(), kb, [], HCM);
    expect(shown(a.headline)).toBe('Nothing due in the next 30 days; the next deadline is APEC Year 2027 (2027).');
    expect(a.points).toEqual([]);
    expect(a.citations).toEqual([]);
    expect(a.notes).toEqual([]);
    vi.setSystemTime(new Date('2028-03-01T03:00:00Z'));
    const none = digestAnswer(new Date(), null, [], HCM);
    expect(shown(none.headline)).toBe('Nothing due in the next 30 days.');
    expect(none.points).toEqual([]);
  });

  it('writes the digest in Vietnamese when asked: the same deadlines and citations, Vietnamese words, dates and heading', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const deadlines = [team({ id: 'd1', due: '2025-10-10', title: 'Team memo' })];
    const en = digestAnswer(new Date(), kb, deadlines, HCM);
    const vn = digestAnswer(new Date(), kb, deadlines, HCM, 'vi');
    expect(en.lang).toBe('en');
    expect(vn.lang).toBe('vi');
    expect(shown(vn.headline, 'vi')).toBe('Bản tin hạn chót hằng tuần — hạn chót trong 30 ngày tới: 3.');
    expect(vn.points.map((p) => shown(p.text, 'vi'))).toEqual([
      'Team memo — 10/10/2025 · ⚠️ còn 7 ngày · do U123 thêm ngày 20/09/2025 (d1)',
      'A day-precision source deadline (tiêu đề tiếng Việt) — 25/10/2025 · còn 22 ngày',
      'Signing of the UN Convention against Cybercrime in Hanoi (tiêu đề tiếng Việt) — tháng 10/2025 · còn 28 ngày (đến 31/10/2025)',
      'Sau đó: APEC Year 2027 (tiêu đề tiếng Việt) — năm 2027 · còn 819 ngày (đến 31/12/2027)',
      'Đã qua: Steering Committee work plan 2026–2030 (tiêu đề tiếng Việt) — tháng 9/2025 · đã hết hạn: tháng đã kết thúc 3 ngày trước',
    ]);
    expect(vn.points.map((p) => p.cites)).toEqual(en.points.map((p) => p.cites));
    expect(vn.citations).toEqual(en.citations);
    expect(answerFallbackText(vn)).toMatch(/^Bản tin hạn chót hằng tuần/);
  });

  it('says so in one Vietnamese line when nothing is due', () => {
    vi.setSystemTime(new Date('2028-03-01T03:00:00Z'));
    const none = digestAnswer(new Date(), null, [], HCM, 'vi');
    expect(shown(none.headline, 'vi')).toBe('Không có hạn chót nào trong 30 ngày tới.');
    expect(none.points).toEqual([]);
  });

  it('never produces @channel / @here, even from a title that asks for it', () => {
    vi.setSystemTime(new Date('2025-10-03T03:00:00Z'));
    const a = digestAnswer(new Date(), kb, [team({ id: 'd1', due: '2025-10-10', title: '<!channel> <!here> @channel @here <!subteam^S1>' })], HCM);
    const rendered = JSON.stringify(answerToBlocks(a)) + answerFallbackText(a);
    expect(rendered).not.toMatch(/<!(channel|here|everyone|subteam)/);
  });
});

describe('startScheduler', () => {
  it('checks at start and then every interval, never overlapping, and stops', async () => {
    await store.putSubscription(sub('C1'));
    vi.setSystemTime(new Date('2026-11-23T01:58:30Z'));
    const p = poster();
    const runs: number[] = [];
    const s = startScheduler({ store, kb, post: p.post, intervalMs: 60_000, onRun: (r) => runs.push(r.due) });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([0]);
    await vi.advanceTimersByTimeAsync(60_000); // 01:59:30
    expect(p.calls.length).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000); // 02:00:30: due
    expect(p.calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(p.calls.length).toBe(1);
    expect(runs.length).toBe(13);
    await s.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs.length).toBe(13);
  });

  it('skips a tick while a run is still posting', async () => {
    await store.putSubscription(sub('C1'));
    let release!: () => void;
    const p = poster({ C1: () => new Promise((r) => (release = () => r({ ts: '1' }))) });
    const s = startScheduler({ store, kb, post: p.post, intervalMs: 60_000, postTimeoutMs: 10 * 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(await s.runNow()).toBeNull(); // a run is in progress
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(p.calls.length).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await store.getDelivery('C1', W)).toMatchObject({ status: 'delivered' });
    await s.stop();
  });
});
