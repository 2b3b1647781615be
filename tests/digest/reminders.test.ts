import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dueReminders, reminderChecks, reminderSlot, runReminders, type PostReminder, type ReminderView } from '../../src/digest/reminders.js';
import { DigestOutcomeUnknownError, startScheduler } from '../../src/digest/runner.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { MemoryStore } from '../../src/store/memory.js';
import { reminderKey, type Store, type Subscription, type TeamDeadline } from '../../src/store/types.js';

const HCM = 'Asia/Ho_Chi_Minh';
// Tuesday 15 Dec 2026, 09:30 in Ho Chi Minh City (the subscriptions below have their digest at 09:00)
const NOW = '2026-12-15T02:30:00.000Z';
const TODAY = '2026-12-15';

const sub = (channel: string, over: Partial<Subscription> = {}): Subscription => ({
  teamId: 'T1',
  channel,
  weekday: 1,
  time: '09:00',
  tz: HCM,
  createdBy: 'U1',
  createdAt: '2026-11-01T00:00:00.000Z',
  reminders: true,
  ...over,
});

const deadline = (store: Store, channel: string, title: string, due: string, over: Partial<Omit<TeamDeadline, 'id' | 'done' | 'doneAt'>> = {}) =>
  store.addDeadline({ teamId: 'T1', channel, title, due, createdBy: 'U1', createdAt: '2026-12-01T00:00:00.000Z', ...over });

/** A post function that records what it posted and behaves per call. */
function poster(behaviour?: (n: number, channel: string, r: ReminderView) => Promise<{ ts: string }>) {
  const calls: { channel: string; reminder: ReminderView; key: string }[] = [];
  const post: PostReminder = (channel, reminder, target) => {
    calls.push({ channel, reminder, key: target.key });
    return behaviour ? behaviour(calls.length, channel, reminder) : Promise.resolve({ ts: `17000.${calls.length}` });
  };
  return { post, calls };
}

const httpError = (status: number) => new webApi.WebAPIHTTPError(status, 'Server Error', {});
const platformError = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

let store: MemoryStore;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
  store = new MemoryStore();
});
afterEach(() => {
  vi.useRealTimers();
});

const run = (post: PostReminder, extra: Partial<Parameters<typeof runReminders>[0]> = {}) => runReminders({ store, now: new Date(), post, ...extra });

describe('runReminders', () => {
  it('posts one reminder for a deadline due today, records it in the ledger under its reminder key, and posts nothing on the next run', async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Submit the report', TODAY, { owner: 'U7' });
    const p = poster();
    expect(await run(p.post)).toEqual({ due: 1, delivered: 1, failed: 0, skipped: 0, unknown: 0 });
    expect(p.calls).toEqual([{ channel: 'C1', key: `reminder:${d.id}:${TODAY}`, reminder: { id: d.id, title: 'Submit the report', due: TODAY, owner: 'U7', lang: 'en' } }]);
    expect(await store.getDelivery('C1', reminderKey(d.id, TODAY))).toMatchObject({ status: 'delivered', ts: '17000.1', attempts: 1 });

    vi.setSystemTime(new Date('2026-12-15T10:00:00.000Z')); // 17:00, same day
    expect(await run(p.post)).toEqual({ due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 });
    expect(p.calls).toHaveLength(1);
  });

  it('posts nothing before the digest time of day on the due date, and posts at that time', async () => {
    await store.putSubscription(sub('C1', { time: '10:15' }));
    await deadline(store, 'C1', 'Submit the report', TODAY);
    const p = poster();
    expect(await run(p.post)).toMatchObject({ due: 0 }); // 09:30 < 10:15
    vi.setSystemTime(reminderSlot({ time: '10:15', tz: HCM }, TODAY));
    expect(await run(p.post)).toMatchObject({ due: 1, delivered: 1 });
    expect(p.calls).toHaveLength(1);
  });

  it('posts nothing for a deadline that is done, removed, due on another day or in another channel', async () => {
    await store.putSubscription(sub('C1'));
    const done = await deadline(store, 'C1', 'Done already', TODAY);
    await store.markDeadlineDone(done.id, '2026-12-14T00:00:00.000Z');
    const removed = await deadline(store, 'C1', 'Removed', TODAY);
    await store.removeDeadline(removed.id);
    await deadline(store, 'C1', 'Tomorrow', '2026-12-16');
    await deadline(store, 'C1', 'Yesterday', '2026-12-14', { createdAt: '2026-12-01T00:00:00.000Z' });
    await deadline(store, 'C2', 'Other channel, no subscription', TODAY);
    const p = poster();
    expect(await run(p.post)).toEqual({ due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 });
    expect(p.calls).toEqual([]);
    expect(await store.listDeliveries()).toEqual([]);
  });

  it('posts nothing when the channel has reminders off, or no subscription', async () => {
    await store.putSubscription(sub('C1', { reminders: false }));
    await store.putSubscription(sub('C2', { reminders: undefined }));
    await deadline(store, 'C1', 'Off', TODAY);
    await deadline(store, 'C2', 'Off too', TODAY);
    await deadline(store, 'C3', 'No subscription', TODAY);
    const p = poster();
    expect(await run(p.post)).toMatchObject({ due: 0, delivered: 0 });
    expect(p.calls).toEqual([]);
  });

  it('posts nothing the day after when integ was down all of the due day', async () => {
    await store.putSubscription(sub('C1'));
    await deadline(store, 'C1', 'Missed', TODAY);
    vi.setSystemTime(new Date('2026-12-16T02:30:00.000Z'));
    const p = poster();
    expect(await run(p.post)).toMatchObject({ due: 0 });
    expect(p.calls).toEqual([]);
  });

  it('posts nothing for a deadline added on its due day after the reminder time', async () => {
    await store.putSubscription(sub('C1'));
    await deadline(store, 'C1', 'Added at 09:10 for today', TODAY, { createdAt: '2026-12-15T02:10:00.000Z' });
    await deadline(store, 'C1', 'Added at 08:00 for today', TODAY, { createdAt: '2026-12-15T01:00:00.000Z' });
    const p = poster();
    expect(await run(p.post)).toMatchObject({ due: 1, delivered: 1 });
    expect(p.calls.map((c) => c.reminder.title)).toEqual(['Added at 08:00 for today']);
  });

  it("reads today in the subscription's time zone, not the server's or UTC", async () => {
    // 23:30 UTC on the 14th is 00:30 on the 15th in Berlin
    vi.setSystemTime(new Date('2026-12-14T23:30:00.000Z'));
    await store.putSubscription(sub('CBER', { tz: 'Europe/Berlin', time: '00:15' }));
    await store.putSubscription(sub('CUTC', { tz: 'UTC', time: '00:15' }));
    await deadline(store, 'CBER', 'Berlin', TODAY, { createdAt: '2026-12-01T00:00:00.000Z' });
    await deadline(store, 'CUTC', 'UTC', TODAY, { createdAt: '2026-12-01T00:00:00.000Z' });
    const p = poster();
    await run(p.post);
    expect(p.calls.map((c) => c.channel)).toEqual(['CBER']);
  });

  it("writes the reminder in the digest's language: the subscription's, else the channel's preference", async () => {
    await store.putSubscription(sub('CVI', { lang: 'vi' }));
    await store.putSubscription(sub('CPREF'));
    await store.setLanguage({ teamId: 'T1', kind: 'channel', id: 'CPREF' }, 'vi', NOW);
    await store.putSubscription(sub('CEN'));
    for (const c of ['CVI', 'CPREF', 'CEN']) await deadline(store, c, `Nộp báo cáo ${c}`, TODAY);
    const p = poster();
    await run(p.post);
    expect(Object.fromEntries(p.calls.map((c) => [c.channel, c.reminder.lang]))).toEqual({ CVI: 'vi', CPREF: 'vi', CEN: 'en' });
  });

  it('posts each reminder once when two runners share the store and run at the same time', async () => {
    await store.putSubscription(sub('C1'));
    await store.putSubscription(sub('C2'));
    await deadline(store, 'C1', 'One', TODAY);
    await deadline(store, 'C1', 'Two', TODAY);
    await deadline(store, 'C2', 'Three', TODAY);
    const p = poster(async (n) => {
      await new Promise((r) => setTimeout(r, 5)); // both runners are mid-flight together
      return { ts: `17000.${n}` };
    });
    const [a, b] = await Promise.all([run(p.post), run(p.post)]);
    expect(a.delivered + b.delivered).toBe(3);
    expect(a.skipped + b.skipped).toBe(3);
    expect(p.calls.map((c) => c.reminder.title).sort()).toEqual(['One', 'Three', 'Two']);
    expect((await store.listDeliveries()).map((e) => e.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('posts a reminder once across a restart, when the lowdb file is opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'integ-reminders-'));
    try {
      let file = await openLowdbStore(dir);
      await file.putSubscription(sub('C1'));
      await deadline(file, 'C1', 'Submit the report', TODAY);
      const p = poster();
      expect(await runReminders({ store: file, now: new Date(), post: p.post })).toMatchObject({ delivered: 1 });
      await file.close();

      file = await openLowdbStore(dir); // a new process on the same data
      vi.setSystemTime(new Date('2026-12-15T05:00:00.000Z'));
      expect(await runReminders({ store: file, now: new Date(), post: p.post })).toMatchObject({ due: 0, delivered: 0 });
      await file.close();
      expect(p.calls).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('releases the claim after a failure worth retrying and posts on the next check', async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Flaky', TODAY);
    const key = reminderKey(d.id, TODAY);
    const p = poster((n) => (n === 1 ? Promise.reject(httpError(503)) : Promise.resolve({ ts: '17000.9' })));
    expect(await run(p.post)).toMatchObject({ due: 1, delivered: 0, failed: 1 });
    expect(await store.getDelivery('C1', key)).toMatchObject({ status: 'released', attempts: 1 });

    vi.setSystemTime(new Date('2026-12-15T02:31:00.000Z'));
    expect(await run(p.post)).toMatchObject({ due: 1, delivered: 1 });
    expect(await store.getDelivery('C1', key)).toMatchObject({ status: 'delivered', ts: '17000.9', attempts: 2 });
    expect(p.calls).toHaveLength(2);
  });

  it('gives up on a reminder after maxAttempts failures worth retrying', async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Always failing', TODAY);
    const p = poster(() => Promise.reject(httpError(500)));
    for (let i = 0; i < 4; i++) await run(p.post, { maxAttempts: 3 });
    expect(p.calls).toHaveLength(3);
    expect(await store.getDelivery('C1', reminderKey(d.id, TODAY))).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringContaining('500') });
  });

  it("marks a reminder failed, without retrying or unsubscribing, when Slack refuses it for good (the channel is gone)", async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Gone', TODAY);
    const p = poster(() => Promise.reject(platformError('channel_not_found')));
    expect(await run(p.post)).toMatchObject({ failed: 1 });
    expect(await run(p.post)).toMatchObject({ due: 0 });
    expect(p.calls).toHaveLength(1);
    expect(await store.getDelivery('C1', reminderKey(d.id, TODAY))).toMatchObject({ status: 'failed', error: 'channel_not_found' });
    expect(await store.getSubscription('C1')).toMatchObject({ reminders: true });
  });

  it('never posts again when the post may or may not have reached the channel', async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Unknown', TODAY);
    const p = poster(() => Promise.reject(new DigestOutcomeUnknownError('answer lost and history unreadable')));
    expect(await run(p.post)).toMatchObject({ unknown: 1, delivered: 0 });
    expect(await run(p.post)).toMatchObject({ due: 0 });
    expect(p.calls).toHaveLength(1);
    expect(await store.getDelivery('C1', reminderKey(d.id, TODAY))).toMatchObject({ status: 'failed', error: 'outcome unknown: answer lost and history unreadable' });
  });

  it("records the earlier post instead of posting again when a dead runner's claim is taken over and the channel has it", async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Crashed', TODAY);
    const key = reminderKey(d.id, TODAY);
    // a runner claimed it 11 minutes ago and died (maybe after posting)
    await store.claimDelivery('C1', key, '2026-12-15T02:19:00.000Z');
    const p = poster();
    const findPosted = vi.fn(async () => ({ ts: '16999.1' }));
    expect(await run(p.post, { findPosted })).toMatchObject({ due: 1, delivered: 0, skipped: 1 });
    expect(findPosted).toHaveBeenCalledTimes(1);
    expect(p.calls).toEqual([]);
    expect(await store.getDelivery('C1', key)).toMatchObject({ status: 'delivered', ts: '16999.1', attempts: 2 });
  });

  it('leaves a fresh claim of another runner alone', async () => {
    await store.putSubscription(sub('C1'));
    const d = await deadline(store, 'C1', 'Being posted', TODAY);
    await store.claimDelivery('C1', reminderKey(d.id, TODAY), '2026-12-15T02:29:00.000Z');
    const p = poster();
    expect(await run(p.post)).toMatchObject({ due: 0 });
    expect(p.calls).toEqual([]);
  });

  it('keeps one post per channel and deadline when one channel fails and the others post', async () => {
    await store.putSubscription(sub('C1'));
    await store.putSubscription(sub('C2'));
    await deadline(store, 'C1', 'Bad', TODAY);
    await deadline(store, 'C2', 'Good', TODAY);
    const p = poster((_, channel) => (channel === 'C1' ? Promise.reject(platformError('invalid_blocks')) : Promise.resolve({ ts: '1.2' })));
    expect(await run(p.post)).toMatchObject({ due: 2, delivered: 1, failed: 1 });
  });
});

describe('dueReminders', () => {
  const s = sub('C1');
  const d: TeamDeadline = { id: 'd3', channel: 'C1', title: 'Moved', due: TODAY, createdBy: 'U1', createdAt: '2026-12-01T00:00:00.000Z', done: false, doneAt: null };

  it('gives a deadline moved to a new date a new key, so it is reminded again on its new day', () => {
    const delivered = { channel: 'C1', week: reminderKey('d3', '2026-12-14'), status: 'delivered' as const, claimedAt: '2026-12-14T02:00:00.000Z', finishedAt: '2026-12-14T02:00:01.000Z', ts: '1.1', error: null };
    const ledger = (channel: string, key: string) => (channel === delivered.channel && key === delivered.week ? delivered : null);
    // reminded on the 14th under its old date; moved to the 15th
    expect(dueReminders(s, [d], new Date(NOW), ledger).map((t) => t.key)).toEqual(['reminder:d3:2026-12-15']);
    // and not again once the new key is delivered
    const both = (channel: string, key: string) => (key === 'reminder:d3:2026-12-15' ? { ...delivered, week: key } : ledger(channel, key));
    expect(dueReminders(s, [d], new Date(NOW), both)).toEqual([]);
  });

  it("puts the slot at the subscription's time of day, moved forward when that time does not exist (DST)", () => {
    // Europe/Berlin springs forward on 29 Mar 2026: 02:30 does not exist, 03:30 CEST (01:30 UTC) instead
    expect(reminderSlot({ time: '02:30', tz: 'Europe/Berlin' }, '2026-03-29').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(reminderSlot({ time: '09:00', tz: HCM }, TODAY).toISOString()).toBe('2026-12-15T02:00:00.000Z');
  });
});

describe('reminderChecks in the digest scheduler', () => {
  it('checks the reminders on the same tick as the digests, and logs one line for a run that had some', async () => {
    await store.putSubscription(sub('C1'));
    await deadline(store, 'C1', 'Scheduled', TODAY);
    const p = poster();
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const scheduler = startScheduler({
      store,
      kb: null,
      post: async () => ({ ts: 'digest' }),
      logger,
      intervalMs: 60_000,
      alsoCheck: reminderChecks({ store, logger, post: p.post }),
    });
    await vi.waitFor(() => expect(p.calls).toHaveLength(1));
    expect(await scheduler.runNow()).not.toBeNull();
    await scheduler.stop();
    expect(p.calls).toHaveLength(1);
    expect(lines.filter((l) => l === 'reminder: run finished')).toHaveLength(1);
  });

  it('keeps checking the digests when the reminder check fails', async () => {
    await store.putSubscription(sub('CDIG', { createdAt: '2026-11-01T00:00:00.000Z' })); // Monday 09:00: this week's digest is due
    const lines: string[] = [];
    const runs: unknown[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (m: string) => lines.push(m) };
    const scheduler = startScheduler({
      store,
      kb: null,
      post: async () => ({ ts: 'digest' }),
      logger,
      onRun: (summary) => runs.push(summary),
      alsoCheck: () => Promise.reject(new Error('store down')),
    });
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    await scheduler.stop();
    expect(runs[0]).toMatchObject({ due: 1, delivered: 1 });
    expect(lines).toContain('reminder: run failed');
  });
});
