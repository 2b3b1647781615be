/**
 * The Store contract, as a suite any implementation runs (MemoryStore, lowdb, PGlite, PostgreSQL):
 *
 *   storeContract('lowdb', async () => ({ store, reopen, withLanguages, cleanup }));
 *
 * `reopen` (optional) closes the store and opens the same state again, to prove persistence.
 * `withLanguages` (optional) closes the store and opens one holding exactly the given language
 * preferences, to test the cap without making MAX_LANGUAGES calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LANGUAGES } from '../../src/store/errors.js';
import type { LanguageSetting } from '../../src/store/memory.js';
import type { LanguagePreference, Store, Subscription, WorkspaceInstallation } from '../../src/store/types.js';
import { MAX_FEEDBACK_COMMENT, originOf, reminderKey } from '../../src/store/types.js';

export interface StoreHarness {
  store: Store;
  /** Closes `store` and returns a new Store over the same persisted state. */
  reopen?: () => Promise<Store>;
  /**
   * Closes `store` and returns a new, otherwise empty Store holding these language preferences,
   * the first the least recently set (as if set one by one in this order).
   */
  withLanguages?: (settings: LanguageSetting[]) => Promise<Store>;
  cleanup?: () => Promise<void>;
}

const sub = (channel: string, over: Partial<Subscription> = {}): Subscription => ({
  teamId: null,
  channel,
  weekday: 1,
  time: '09:00',
  tz: 'Asia/Ho_Chi_Minh',
  createdBy: 'U1',
  createdAt: '2026-11-20T00:00:00.000Z',
  ...over,
});

const deadline = (channel: string, title: string) => ({
  channel,
  title,
  due: '2026-12-15',
  createdBy: 'U1',
  createdAt: '2026-11-22T03:00:00.000Z',
});

const installation = (teamId: string, over: Partial<WorkspaceInstallation> = {}): WorkspaceInstallation => ({
  teamId,
  enterpriseId: null,
  isEnterpriseInstall: false,
  botToken: `xoxb-${teamId}-token`,
  installedAt: '2026-11-20T00:00:00.000Z',
  data: { team: { id: teamId, name: `Team ${teamId}` }, bot: { token: `xoxb-${teamId}-token`, userId: 'UBOT', scopes: ['commands', 'chat:write'] }, authVersion: 'v2' },
  ...over,
});

export function storeContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness | null = null;
    const setup = async (): Promise<Store> => {
      h = await open();
      return h.store;
    };
    afterEach(async () => {
      if (h) {
        await h.store.close().catch(() => undefined);
        await h.cleanup?.();
        h = null;
      }
    });

    it('stores one subscription per channel and replaces it on put', async () => {
      const s = await setup();
      expect(await s.getSubscription('C1')).toBeNull();
      await s.putSubscription(sub('C1'));
      await s.putSubscription(sub('C2'));
      await s.putSubscription(sub('C1', { weekday: 5, time: '16:30' }));
      expect(await s.getSubscription('C1')).toMatchObject({ channel: 'C1', weekday: 5, time: '16:30' });
      expect((await s.listSubscriptions()).map((x) => x.channel).sort()).toEqual(['C1', 'C2']);
    });

    it('removes a subscription and says whether there was one', async () => {
      const s = await setup();
      await s.putSubscription(sub('C1'));
      expect(await s.removeSubscription('C1')).toBe(true);
      expect(await s.removeSubscription('C1')).toBe(false);
      expect(await s.getSubscription('C1')).toBeNull();
    });

    it('returns copies, so changing a returned object does not change the store', async () => {
      const s = await setup();
      await s.putSubscription(sub('C1'));
      const got = (await s.getSubscription('C1'))!;
      got.time = '23:59';
      (await s.listSubscriptions())[0].weekday = 7;
      const added = await s.addDeadline(deadline('C1', 'Report'));
      added.title = 'changed';
      expect(await s.getSubscription('C1')).toMatchObject({ time: '09:00', weekday: 1 });
      expect((await s.listDeadlines('C1'))[0].title).toBe('Report');
    });

    it('gives deadlines short unique ids d1, d2, … and never reuses a removed id', async () => {
      const s = await setup();
      const a = await s.addDeadline(deadline('C1', 'A'));
      const b = await s.addDeadline(deadline('C2', 'B'));
      expect([a.id, b.id]).toEqual(['d1', 'd2']);
      expect(a).toMatchObject({ done: false, doneAt: null, channel: 'C1', title: 'A', due: '2026-12-15' });
      expect(await s.removeDeadline('d2')).toBe(true);
      const c = await s.addDeadline(deadline('C1', 'C'));
      expect(c.id).toBe('d3');
    });

    it('lists deadlines of one channel or of all', async () => {
      const s = await setup();
      await s.addDeadline(deadline('C1', 'A'));
      await s.addDeadline(deadline('C2', 'B'));
      await s.addDeadline(deadline('C1', 'C'));
      expect((await s.listDeadlines('C1')).map((d) => d.title)).toEqual(['A', 'C']);
      expect((await s.listDeadlines()).length).toBe(3);
      expect(await s.listDeadlines('C9')).toEqual([]);
    });

    it('marks a deadline done once (keeps the first doneAt) and returns null for an unknown id', async () => {
      const s = await setup();
      const a = await s.addDeadline(deadline('C1', 'A'));
      expect(await s.markDeadlineDone(a.id, '2026-11-23T00:00:00.000Z')).toMatchObject({ done: true, doneAt: '2026-11-23T00:00:00.000Z' });
      expect(await s.markDeadlineDone(a.id, '2026-11-24T00:00:00.000Z')).toMatchObject({ doneAt: '2026-11-23T00:00:00.000Z' });
      expect(await s.markDeadlineDone('d99', '2026-11-24T00:00:00.000Z')).toBeNull();
      expect(await s.removeDeadline('d99')).toBe(false);
    });

    it('keeps all of 100 concurrent addDeadline calls, each with a unique id', async () => {
      const s = await setup();
      const added = await Promise.all(Array.from({ length: 100 }, (_, i) => s.addDeadline(deadline('C1', `T${i}`))));
      expect(new Set(added.map((d) => d.id)).size).toBe(100);
      const listed = await s.listDeadlines('C1');
      expect(listed.length).toBe(100);
      expect(new Set(listed.map((d) => d.title)).size).toBe(100);
    });

    it('keeps concurrent mutations of different kinds', async () => {
      const s = await setup();
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => s.putSubscription(sub(`C${i}`))),
        ...Array.from({ length: 20 }, (_, i) => s.markEventProcessed(`E${i}`, '2026-11-22T00:00:00.000Z')),
        ...Array.from({ length: 20 }, (_, i) => s.recordFeedback({ at: 'x', user: 'U', question: `q${i}`, intent: 'i', helpful: true })),
      ]);
      expect((await s.listSubscriptions()).length).toBe(20);
      expect((await s.listFeedback()).length).toBe(20);
      expect(await s.markEventProcessed('E7', '2026-11-22T00:01:00.000Z')).toBe(false);
    });

    it('claims a (channel, week) delivery once: a second claim, even concurrent, is refused', async () => {
      const s = await setup();
      const results = await Promise.all(Array.from({ length: 10 }, () => s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z')));
      expect(results.filter(Boolean).length).toBe(1);
      expect(await s.claimDelivery('C1', '2026-W49', '2026-11-30T02:00:00.000Z')).toBe(true);
      expect(await s.claimDelivery('C2', '2026-W48', '2026-11-23T02:00:00.000Z')).toBe(true);
      expect(await s.getDelivery('C1', '2026-W48')).toMatchObject({ status: 'claimed', attempts: 1, ts: null, finishedAt: null });
    });

    it('refuses a claim once delivered, and records ts and finish time', async () => {
      const s = await setup();
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.finishDelivery('C1', '2026-W48', { status: 'delivered', at: '2026-11-23T02:00:01.000Z', ts: '1700.01' });
      expect(await s.getDelivery('C1', '2026-W48')).toMatchObject({ status: 'delivered', ts: '1700.01', finishedAt: '2026-11-23T02:00:01.000Z', error: null });
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T03:00:00.000Z')).toBe(false);
      await s.releaseDelivery('C1', '2026-W48'); // a delivered entry is never released
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T03:00:00.000Z', { staleBefore: '2030-01-01T00:00:00.000Z' })).toBe(false);
      expect((await s.getDelivery('C1', '2026-W48'))!.status).toBe('delivered');
    });

    it('refuses a claim once failed', async () => {
      const s = await setup();
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.finishDelivery('C1', '2026-W48', { status: 'failed', at: '2026-11-23T02:00:01.000Z', error: 'channel_not_found' });
      expect(await s.getDelivery('C1', '2026-W48')).toMatchObject({ status: 'failed', error: 'channel_not_found' });
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T03:00:00.000Z')).toBe(false);
    });

    it('claims again after a release, counting attempts', async () => {
      const s = await setup();
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.releaseDelivery('C1', '2026-W48');
      expect((await s.getDelivery('C1', '2026-W48'))!.status).toBe('released');
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:01:00.000Z')).toBe(true);
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:01:00.000Z')).toBe(false);
      expect(await s.getDelivery('C1', '2026-W48')).toMatchObject({ status: 'claimed', attempts: 2, claimedAt: '2026-11-23T02:01:00.000Z' });
    });

    it('takes over a claim only when it is older than staleBefore', async () => {
      const s = await setup();
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:05:00.000Z', { staleBefore: '2026-11-23T01:55:00.000Z' })).toBe(false);
      expect(await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:20:00.000Z', { staleBefore: '2026-11-23T02:10:00.000Z' })).toBe(true);
      expect(await s.getDelivery('C1', '2026-W48')).toMatchObject({ attempts: 2, claimedAt: '2026-11-23T02:20:00.000Z' });
    });

    it('claims the first claimable of several deliveries in one call, passing over those taken, and says what each was before', async () => {
      const s = await setup();
      const W = '2026-W48';
      const T0 = '2026-11-23T02:00:00.000Z';
      await s.claimDelivery('C1', W, T0); // claimed (fresh)
      await s.claimDelivery('C2', W, T0);
      await s.finishDelivery('C2', W, { status: 'delivered', at: T0, ts: '1.1' });
      await s.claimDelivery('C3', W, T0);
      await s.releaseDelivery('C3', W);
      await s.claimDelivery('C5', W, T0);
      await s.finishDelivery('C5', W, { status: 'failed', at: T0, error: 'channel_not_found' });
      const keys = ['C1', 'C2', 'C3', 'C4', 'C5'].map((channel) => ({ channel, week: W }));
      const T1 = '2026-11-23T02:01:00.000Z';
      expect(await s.claimFirstDelivery(keys, T1)).toEqual({ channel: 'C3', week: W, index: 2, attempts: 2, previous: 'released' });
      expect(await s.claimFirstDelivery(keys, T1)).toEqual({ channel: 'C4', week: W, index: 3, attempts: 1, previous: null });
      expect(await s.claimFirstDelivery(keys, T1)).toBeNull();
      // a claim older than staleBefore is taken over (C1, made at T0; not C3 and C4, made at T1)
      const T2 = '2026-11-23T02:20:00.000Z';
      expect(await s.claimFirstDelivery(keys, T2, { staleBefore: '2026-11-23T02:00:30.000Z' })).toEqual({ channel: 'C1', week: W, index: 0, attempts: 2, previous: 'claimed' });
      expect(await s.claimFirstDelivery(keys, T2, { staleBefore: '2026-11-23T02:00:30.000Z' })).toBeNull();
      expect(await s.getDelivery('C1', W)).toMatchObject({ status: 'claimed', claimedAt: T2, attempts: 2 });
      expect(await s.getDelivery('C4', W)).toMatchObject({ status: 'claimed', claimedAt: T1, attempts: 1, ts: null });
      expect(await s.claimFirstDelivery([], T2)).toBeNull();
      // the same ledger as claimDelivery
      expect(await s.claimDelivery('C4', W, T2)).toBe(false);
    });

    it('hands concurrent claimFirstDelivery calls different deliveries, and each delivery to exactly one of them', async () => {
      const s = await setup();
      const keys = Array.from({ length: 20 }, (_, i) => ({ channel: `C${i}`, week: '2026-W48' }));
      const orders = [keys, [...keys].reverse(), [...keys.slice(7), ...keys.slice(0, 7)]];
      const got = await Promise.all(Array.from({ length: 30 }, (_, i) => s.claimFirstDelivery(orders[i % 3], '2026-11-23T02:00:00.000Z')));
      const claimed = got.filter((c) => c !== null).map((c) => c.channel);
      expect(claimed.length).toBe(20);
      expect(new Set(claimed).size).toBe(20);
      for (const c of got) if (c) expect(orders.some((o) => o[c.index]?.channel === c.channel)).toBe(true);
      expect((await s.listDeliveries()).every((e) => e.status === 'claimed' && e.attempts === 1)).toBe(true);
    });

    it('lists the ledger entries of given weeks only', async () => {
      const s = await setup();
      await s.claimDelivery('C1', '2026-W47', '2026-11-16T02:00:00.000Z');
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.claimDelivery('C2', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.claimDelivery('C2', reminderKey('d1', '2026-11-23'), '2026-11-23T02:00:00.000Z');
      const keysOf = (l: { channel: string; week: string }[]) => l.map((e) => `${e.channel} ${e.week}`).sort();
      expect(keysOf(await s.listDeliveries({ weeks: ['2026-W48'] }))).toEqual(['C1 2026-W48', 'C2 2026-W48']);
      expect(keysOf(await s.listDeliveries({ weeks: ['2026-W47', reminderKey('d1', '2026-11-23')] }))).toEqual(['C1 2026-W47', 'C2 reminder:d1:2026-11-23']);
      expect(await s.listDeliveries({ weeks: [] })).toEqual([]);
      expect((await s.listDeliveries()).length).toBe(4);
    });

    // the posting pace: times are given (epoch ms), so no clock is involved
    const T = Date.parse('2030-01-07T02:00:00.000Z');

    it('gives a workspace `burst` turns at once, then one each 60000/perMinute ms, each workspace its own', async () => {
      const s = await setup();
      const pace = { perMinute: 60, burst: 3 }; // one a second
      for (let i = 0; i < 3; i++) expect(await s.takePostTurn('T1', T, pace)).toEqual({ granted: true, waitMs: 0 });
      expect(await s.takePostTurn('T1', T, pace)).toEqual({ granted: false, waitMs: 1000 });
      expect(await s.takePostTurn('T1', T + 400, pace)).toEqual({ granted: false, waitMs: 600 });
      expect(await s.takePostTurn('T2', T + 400, pace)).toEqual({ granted: true, waitMs: 0 });
      expect(await s.takePostTurn('T1', T + 1000, pace)).toEqual({ granted: true, waitMs: 0 });
      expect(await s.takePostTurn('T1', T + 1500, pace)).toEqual({ granted: false, waitMs: 500 });
      // refilled to the burst, never beyond
      for (let i = 0; i < 3; i++) expect((await s.takePostTurn('T1', T + 60_000, pace)).granted).toBe(true);
      expect((await s.takePostTurn('T1', T + 60_000, pace)).granted).toBe(false);
      // single-workspace mode: null and '' are one workspace
      for (let i = 0; i < 3; i++) expect((await s.takePostTurn(i % 2 ? null : '', T, pace)).granted).toBe(true);
      expect(await s.takePostTurn(null, T, pace)).toEqual({ granted: false, waitMs: 1000 });
      await expect(s.takePostTurn('T1', T, { perMinute: 0, burst: 1 })).rejects.toThrow(TypeError);
      await expect(s.takePostTurn('T1', T, { perMinute: 60, burst: 0.5 })).rejects.toThrow(TypeError);
      await expect(s.takePostTurn('T1', Number.NaN, pace)).rejects.toThrow(TypeError);
    });

    it("pauses a workspace until a 429's Retry-After has passed, then allows one post and refills from there; a shorter pause never shortens it", async () => {
      const s = await setup();
      const pace = { perMinute: 600, burst: 10 }; // one each 100 ms
      expect((await s.takePostTurn('T1', T, pace)).granted).toBe(true);
      await s.pausePosts('T1', T + 5000);
      expect(await s.takePostTurn('T1', T + 1, pace)).toEqual({ granted: false, waitMs: 4999 });
      await s.pausePosts('T1', T + 2000);
      expect(await s.takePostTurn('T1', T + 4990, pace)).toEqual({ granted: false, waitMs: 10 });
      expect(await s.takePostTurn('T2', T + 1, pace)).toEqual({ granted: true, waitMs: 0 });
      expect(await s.takePostTurn('T1', T + 5000, pace)).toEqual({ granted: true, waitMs: 0 });
      expect(await s.takePostTurn('T1', T + 5000, pace)).toEqual({ granted: false, waitMs: 100 });
      expect(await s.takePostTurn('T1', T + 5150, pace)).toEqual({ granted: true, waitMs: 0 });
      // a workspace never posted to yet
      await s.pausePosts(null, T + 1000);
      expect(await s.takePostTurn(null, T, pace)).toEqual({ granted: false, waitMs: 1000 });
      expect(await s.takePostTurn('', T + 1000, pace)).toEqual({ granted: true, waitMs: 0 });
    });

    it("forgets a workspace's posting pace with the workspace", async () => {
      const s = await setup();
      const pace = { perMinute: 60, burst: 1 };
      await s.pausePosts('T9', T + 60_000);
      expect((await s.takePostTurn('T8', T, pace)).granted).toBe(true);
      await s.deleteWorkspaceData('T9');
      expect(await s.takePostTurn('T9', T, pace)).toEqual({ granted: true, waitMs: 0 });
      expect((await s.takePostTurn('T8', T, pace)).granted).toBe(false);
    });

    it('spends each token once when many take turns at once', async () => {
      const s = await setup();
      const pace = { perMinute: 60, burst: 5 };
      const first = await Promise.all(Array.from({ length: 20 }, () => s.takePostTurn('T1', T, pace)));
      expect(first.filter((t) => t.granted).length).toBe(5);
      const later = await Promise.all(Array.from({ length: 20 }, () => s.takePostTurn('T1', T + 2500, pace)));
      expect(later.filter((t) => t.granted).length).toBe(2);
      for (const t of later.filter((x) => !x.granted)) expect(t.waitMs).toBeGreaterThan(0);
    });

    it('lists every ledger entry and returns null for an unknown one', async () => {
      const s = await setup();
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.claimDelivery('C2', '2026-W48', '2026-11-23T02:00:00.000Z');
      expect((await s.listDeliveries()).length).toBe(2);
      expect(await s.getDelivery('C3', '2026-W48')).toBeNull();
    });

    it('reports an event id as new only the first time, and forgets it after an hour (Slack retries within minutes)', async () => {
      const s = await setup();
      expect(await s.markEventProcessed('Ev1', '2026-11-22T00:00:00.000Z')).toBe(true);
      expect(await s.markEventProcessed('Ev1', '2026-11-22T00:05:00.000Z')).toBe(false);
      expect(await s.markEventProcessed('Ev1', '2026-11-22T00:59:59.000Z')).toBe(false);
      expect(await s.markEventProcessed('Ev2', '2026-11-22T01:00:01.000Z')).toBe(true);
      expect(await s.markEventProcessed('Ev1', '2026-11-22T01:00:02.000Z')).toBe(true);
    });

    it('reports a signed request as new only the first time, still within 14 minutes (replays), apart from event ids', async () => {
      const s = await setup();
      const sig = `v0=${'ab'.repeat(32)}`;
      expect(await s.markRequestSeen(sig, '2026-11-22T00:00:00.000Z')).toBe(true);
      expect(await s.markRequestSeen(sig, '2026-11-22T00:05:00.000Z')).toBe(false);
      expect(await s.markRequestSeen(sig, '2026-11-22T00:14:00.000Z')).toBe(false);
      expect(await s.markRequestSeen(`v0=${'cd'.repeat(32)}`, '2026-11-22T00:14:00.000Z')).toBe(true);
      // the same string as an event id and as a request key: two different things
      expect(await s.markEventProcessed('Ev1', '2026-11-22T00:14:00.000Z')).toBe(true);
      expect(await s.markRequestSeen('Ev1', '2026-11-22T00:14:00.000Z')).toBe(true);
      expect(await s.markEventProcessed(sig, '2026-11-22T00:14:00.000Z')).toBe(true);
    });

    it('stores thread slots by key and replaces them', async () => {
      const s = await setup();
      expect(await s.getThreadSlots('C1:1.1')).toBeNull();
      await s.putThreadSlots('C1:1.1', { years: [2025], places: [] });
      await s.putThreadSlots('C1:1.1', { years: [2026], places: ['Hanoi'] });
      expect(await s.getThreadSlots('C1:1.1')).toEqual({ years: [2026], places: ['Hanoi'] });
    });

    it('records feedback and unanswered questions in order', async () => {
      const s = await setup();
      await s.recordFeedback({ at: 'a', user: 'U1', question: 'q1', intent: 'fdi', helpful: true });
      await s.recordFeedback({ at: 'b', user: 'U2', question: 'q2', intent: 'trade', helpful: false });
      await s.recordUnanswered({ at: 'a', question: 'What?', normalised: 'what' });
      expect((await s.listFeedback()).map((f) => f.question)).toEqual(['q1', 'q2']);
      expect(await s.listUnanswered()).toEqual([{ at: 'a', question: 'What?', normalised: 'what' }]);
    });

    it('stores one installation per workspace (or org), replaces it on reinstall, and deletes it', async () => {
      const s = await setup();
      const q = (teamId: string | null, enterpriseId: string | null = null, isEnterpriseInstall = false) => ({ teamId, enterpriseId, isEnterpriseInstall });
      expect(await s.fetchInstallation(q('T1'))).toBeNull();
      await s.storeInstallation(installation('T1'));
      await s.storeInstallation(installation('T2'));
      await s.storeInstallation(installation('T1', { botToken: 'xoxb-T1-new', installedAt: '2026-11-21T00:00:00.000Z' }));
      expect(await s.fetchInstallation(q('T1'))).toEqual(installation('T1', { botToken: 'xoxb-T1-new', installedAt: '2026-11-21T00:00:00.000Z' }));
      expect(await s.fetchInstallation(q('T2'))).toEqual(installation('T2'));
      // an org-wide install is found by its enterprise id, whatever workspace of the org asks
      const org = installation('', { teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true, botToken: 'xoxb-E1' });
      await s.storeInstallation(org);
      expect(await s.fetchInstallation(q('T7', 'E1', true))).toEqual(org);
      expect(await s.fetchInstallation(q('T7', 'E1', false))).toBeNull();
      // copies
      const got = (await s.fetchInstallation(q('T2')))!;
      (got.data as { team: { name: string } }).team.name = 'changed';
      expect(await s.fetchInstallation(q('T2'))).toEqual(installation('T2'));
      expect(await s.deleteInstallation(q('T2'))).toBe(true);
      expect(await s.deleteInstallation(q('T2'))).toBe(false);
      expect(await s.fetchInstallation(q('T2'))).toBeNull();
      expect(await s.fetchInstallation(q('T1'))).toMatchObject({ botToken: 'xoxb-T1-new' });
      if (h!.reopen) {
        const s2 = await h!.reopen();
        h!.store = s2;
        expect(await s2.fetchInstallation(q('T1'))).toMatchObject({ teamId: 'T1', botToken: 'xoxb-T1-new', data: { team: { id: 'T1' } } });
        expect(await s2.fetchInstallation(q(null, 'E1', true))).toEqual(org);
      }
    });

    it('forgets a workspace: its installation, subscriptions, language preferences, and the deadlines, ledger, threads and channel languages of its channels; nothing of others', async () => {
      const s = await setup();
      await s.storeInstallation(installation('T1'));
      await s.storeInstallation(installation('T2'));
      await s.putSubscription(sub('C1', { teamId: 'T1' }));
      await s.putSubscription(sub('C2', { teamId: 'T2' }));
      await s.putSubscription(sub('C0'));
      const d1 = await s.addDeadline({ ...deadline('C1', 'T1 in its subscribed channel'), teamId: 'T1' });
      await s.addDeadline({ ...deadline('C3', 'T1 in another channel'), teamId: 'T1' });
      await s.addDeadline(deadline('C1', 'no team, in a T1 channel'));
      const kept = await s.addDeadline({ ...deadline('C2', 'T2'), teamId: 'T2' });
      const legacy = await s.addDeadline(deadline('C0', 'no team'));
      for (const c of ['C1', 'C2', 'C3']) await s.claimDelivery(c, '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.putThreadSlots('C1:1.1', { a: 1 });
      await s.putThreadSlots('C3:1.2', { a: 2 });
      await s.putThreadSlots('C2:1.3', { a: 3 });
      await s.markEventProcessed('Ev1', '2026-11-22T00:00:00.000Z');
      const at = '2026-11-22T00:00:00.000Z';
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', at);
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C9' }, 'en', at);
      await s.setLanguage({ teamId: null, kind: 'channel', id: 'C1' }, 'vi', at); // no team, a T1 channel
      await s.setLanguage({ teamId: 'T2', kind: 'user', id: 'U1' }, 'en', at);
      await s.setLanguage({ teamId: 'T2', kind: 'channel', id: 'C2' }, 'vi', at);
      await s.setLanguage({ teamId: null, kind: 'user', id: 'U1' }, 'vi', at);
      expect(d1.teamId).toBe('T1');
      expect((await s.listDeadlines('C2'))[0]).toEqual(kept);

      expect(await s.deleteWorkspaceData('T1')).toEqual({ installations: 1, subscriptions: 1, deadlines: 3, deliveries: 2, threads: 2, languages: 3 });
      expect(await s.fetchInstallation({ teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false })).toBeNull();
      expect(await s.fetchInstallation({ teamId: 'T2', enterpriseId: null, isEnterpriseInstall: false })).not.toBeNull();
      expect((await s.listSubscriptions()).map((x) => x.channel).sort()).toEqual(['C0', 'C2']);
      expect(await s.listDeadlines()).toEqual([kept, legacy]);
      expect((await s.listDeliveries()).map((e) => e.channel)).toEqual(['C2']);
      expect(await s.getThreadSlots('C1:1.1')).toBeNull();
      expect(await s.getThreadSlots('C3:1.2')).toBeNull();
      expect(await s.getThreadSlots('C2:1.3')).toEqual({ a: 3 });
      expect(await s.markEventProcessed('Ev1', '2026-11-22T00:01:00.000Z')).toBe(false);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C9' })).toEqual({ user: null, channel: null });
      expect(await s.getLanguages({ teamId: null, user: 'U1', channel: 'C1' })).toEqual({ user: 'vi', channel: null });
      expect(await s.getLanguages({ teamId: 'T2', user: 'U1', channel: 'C2' })).toEqual({ user: 'en', channel: 'vi' });
      // again: nothing left to remove; a deadline id is still never reused
      expect(await s.deleteWorkspaceData('T1')).toEqual({ installations: 0, subscriptions: 0, deadlines: 0, deliveries: 0, threads: 0, languages: 0 });
      expect((await s.addDeadline(deadline('C1', 'after'))).id).toBe('d6');
    });

    it("keeps a user's and a channel's language, returns both in one call, and clears each with null", async () => {
      const s = await setup();
      const at = '2026-11-22T00:00:00.000Z';
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: null });
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', at);
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C1' }, 'en', at);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: 'vi', channel: 'en' });
      // a user id is not a channel id: the same string in the other kind is another preference
      expect(await s.getLanguages({ teamId: 'T1', user: 'C1', channel: 'U1' })).toEqual({ user: null, channel: null });
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1' })).toEqual({ user: 'vi', channel: null });
      expect(await s.getLanguages({ teamId: 'T1', channel: 'C1', user: null })).toEqual({ user: null, channel: 'en' });
      expect(await s.getLanguages({ teamId: 'T1', user: '', channel: '' })).toEqual({ user: null, channel: null });
      expect(await s.getLanguages({ teamId: 'T1' })).toEqual({ user: null, channel: null });
      // changed, then cleared ("auto"); clearing what is not set is harmless
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'en', at);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: 'en', channel: 'en' });
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, null, at);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: 'en' });
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C1' }, null, at);
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C1' }, null, at);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: null });
      // single-workspace mode: no team ('' is no team too)
      await s.setLanguage({ teamId: null, kind: 'channel', id: 'C2' }, 'vi', at);
      expect(await s.getLanguages({ teamId: '', channel: 'C2' })).toEqual({ user: null, channel: 'vi' });
      if (h!.reopen) {
        await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U2' }, 'vi', at);
        const s2 = await h!.reopen();
        h!.store = s2;
        expect(await s2.getLanguages({ teamId: 'T1', user: 'U2', channel: 'C1' })).toEqual({ user: 'vi', channel: null });
        expect(await s2.getLanguages({ teamId: null, channel: 'C2' })).toEqual({ user: null, channel: 'vi' });
      }
    });

    it('keeps language preferences apart per workspace (the same user and channel ids in two teams)', async () => {
      const s = await setup();
      const at = '2026-11-22T00:00:00.000Z';
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', at);
      await s.setLanguage({ teamId: 'T2', kind: 'user', id: 'U1' }, 'en', at);
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C1' }, 'en', at);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: 'vi', channel: 'en' });
      expect(await s.getLanguages({ teamId: 'T2', user: 'U1', channel: 'C1' })).toEqual({ user: 'en', channel: null });
      expect(await s.getLanguages({ teamId: null, user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: null });
      await s.setLanguage({ teamId: 'T2', kind: 'user', id: 'U1' }, null, at);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1' })).toEqual({ user: 'vi', channel: null });
      expect(await s.getLanguages({ teamId: 'T2', user: 'U1' })).toEqual({ user: null, channel: null });
    });

    it('rejects a language other than en, vi or null, a kind other than user or channel, an empty id or time, keeping nothing', async () => {
      const s = await setup();
      const at = '2026-11-22T00:00:00.000Z';
      await expect(s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'fr' as LanguagePreference, at)).rejects.toThrow(TypeError);
      await expect(s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'auto' as LanguagePreference, at)).rejects.toThrow(TypeError);
      await expect(s.setLanguage({ teamId: 'T1', kind: 'team' as 'user', id: 'U1' }, 'vi', at)).rejects.toThrow(TypeError);
      await expect(s.setLanguage({ teamId: 'T1', kind: 'user', id: '' }, 'vi', at)).rejects.toThrow(TypeError);
      await expect(s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', '')).rejects.toThrow(TypeError);
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1' })).toEqual({ user: null, channel: null });
      // a subscription's language too
      await expect(s.putSubscription(sub('C1', { lang: 'fr' as LanguagePreference }))).rejects.toThrow(TypeError);
      expect(await s.getSubscription('C1')).toBeNull();
    });

    it('keeps only the newest MAX_LANGUAGES preferences, dropping the least recently set first', async (ctx) => {
      await setup();
      if (!h!.withLanguages) ctx.skip();
      const at = '2026-11-22T00:00:00.000Z';
      const filled: LanguageSetting[] = Array.from({ length: MAX_LANGUAGES }, (_, i) => ({ teamId: 'T1', kind: 'user', id: `U${i}`, lang: 'vi', at }));
      const s = await h!.withLanguages!(filled);
      h!.store = s;
      const user = async (id: string) => (await s.getLanguages({ teamId: 'T1', user: id })).user;
      expect([await user('U0'), await user(`U${MAX_LANGUAGES - 1}`)]).toEqual(['vi', 'vi']);
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U0' }, 'en', at); // set again: now the newest, nothing dropped
      expect(await user('U1')).toBe('vi');
      await s.setLanguage({ teamId: 'T2', kind: 'user', id: 'Unew1' }, 'vi', at); // one over: U1 goes
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'Cnew' }, 'en', at); // and U2
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U3' }, null, at); // one fewer: room for the next
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'Unew2' }, 'vi', at);
      expect(await user('U0')).toBe('en');
      expect(await user('U1')).toBeNull();
      expect(await user('U2')).toBeNull();
      expect(await user('U3')).toBeNull();
      expect(await user('U4')).toBe('vi');
      expect(await user(`U${MAX_LANGUAGES - 1}`)).toBe('vi');
      expect(await user('Unew2')).toBe('vi');
      expect(await s.getLanguages({ teamId: 'T2', user: 'Unew1' })).toEqual({ user: 'vi', channel: null });
      expect(await s.getLanguages({ teamId: 'T1', channel: 'Cnew' })).toEqual({ user: null, channel: 'en' });
    });

    it('keeps the language of a subscription (absent when none) and replaces it with the subscription', async () => {
      const s = await setup();
      await s.putSubscription(sub('C1', { lang: 'vi' }));
      await s.putSubscription(sub('C2'));
      await s.putSubscription(sub('C3', { lang: null }));
      expect(await s.getSubscription('C1')).toEqual(sub('C1', { lang: 'vi' }));
      // none chosen: no field at all, whether it was left out or null (old data reads the same)
      expect(await s.getSubscription('C2')).not.toHaveProperty('lang');
      expect(await s.getSubscription('C3')).not.toHaveProperty('lang');
      expect((await s.listSubscriptions()).find((x) => x.channel === 'C1')).toEqual(sub('C1', { lang: 'vi' }));
      await s.putSubscription(sub('C2', { lang: 'en' }));
      await s.putSubscription(sub('C1', { weekday: 3 }));
      expect(await s.getSubscription('C2')).toEqual(sub('C2', { lang: 'en' }));
      expect(await s.getSubscription('C1')).toEqual(sub('C1', { weekday: 3 }));
      expect(await s.getSubscription('C1')).not.toHaveProperty('lang');
      if (h!.reopen) {
        const s2 = await h!.reopen();
        h!.store = s2;
        expect(await s2.getSubscription('C2')).toEqual(sub('C2', { lang: 'en' }));
        expect(await s2.getSubscription('C1')).not.toHaveProperty('lang');
      }
    });

    it("keeps a deadline's owner (absent when none) and a subscription's reminders (absent when off)", async () => {
      const s = await setup();
      const owned = await s.addDeadline({ ...deadline('C1', 'A'), owner: 'U9' });
      const plain = await s.addDeadline(deadline('C1', 'B'));
      expect(owned.owner).toBe('U9');
      expect(plain).not.toHaveProperty('owner');
      await s.putSubscription(sub('C1', { reminders: true }));
      await s.putSubscription(sub('C2', { reminders: false }));
      const check = async (x: Store): Promise<void> => {
        expect((await x.listDeadlines('C1')).map((d) => d.owner ?? null)).toEqual(['U9', null]);
        expect(await x.getSubscription('C1')).toEqual(sub('C1', { reminders: true }));
        expect(await x.getSubscription('C2')).not.toHaveProperty('reminders');
      };
      await check(s);
      if (h!.reopen) {
        h!.store = await h!.reopen();
        await check(h!.store);
      }
    });

    it('keeps where feedback and gaps came from and a 👎 comment, trimmed and cut to MAX_FEEDBACK_COMMENT', async () => {
      const s = await setup();
      await s.recordFeedback({ at: 'a', user: 'U1', question: 'q1', intent: 'fdi', helpful: false, comment: `  ${'x'.repeat(MAX_FEEDBACK_COMMENT + 5)} `, origin: 'slack' });
      await s.recordFeedback({ at: 'b', user: 'U2', question: 'q2', intent: 'fdi', helpful: false, comment: '   ' });
      await s.recordUnanswered({ at: 'a', question: 'Who?', normalised: 'who', origin: 'shell' });
      await s.recordUnanswered({ at: 'b', question: 'When?', normalised: 'when' });
      const check = async (x: Store): Promise<void> => {
        const [f1, f2] = await x.listFeedback();
        expect(f1.comment).toBe('x'.repeat(MAX_FEEDBACK_COMMENT));
        expect(f1.origin).toBe('slack');
        expect(f2).not.toHaveProperty('comment');
        expect(f2).not.toHaveProperty('origin');
        expect((await x.listUnanswered()).map((u) => originOf(u))).toEqual(['shell', 'slack']);
      };
      await check(s);
      if (h!.reopen) {
        h!.store = await h!.reopen();
        await check(h!.store);
      }
    });

    it('claims a due-day reminder once, in the same ledger as digests', async () => {
      const s = await setup();
      const key = reminderKey('d3', '2026-12-15');
      expect(await s.claimDelivery('C1', key, '2026-12-15T01:00:00.000Z')).toBe(true);
      expect(await s.claimDelivery('C1', key, '2026-12-15T01:00:01.000Z')).toBe(false);
      await s.finishDelivery('C1', key, { status: 'delivered', at: '2026-12-15T01:00:02.000Z', ts: '1.5' });
      expect((await s.getDelivery('C1', key))?.status).toBe('delivered');
      if (h!.reopen) {
        h!.store = await h!.reopen();
        expect((await h!.store.getDelivery('C1', key))?.ts).toBe('1.5');
      }
    });

    it('rejects mutations after close', async () => {
      const s = await setup();
      await s.close();
      await expect(s.putSubscription(sub('C1'))).rejects.toThrow();
    });

    it('keeps everything across close and reopen (when the store persists)', async (ctx) => {
      const s = await setup();
      if (!h!.reopen) ctx.skip();
      await s.putSubscription(sub('C1'));
      const d = await s.addDeadline(deadline('C1', 'A'));
      await s.markDeadlineDone(d.id, '2026-11-23T00:00:00.000Z');
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await s.finishDelivery('C1', '2026-W48', { status: 'delivered', at: '2026-11-23T02:00:01.000Z', ts: '1.2' });
      await s.markEventProcessed('Ev1', '2026-11-22T00:00:00.000Z');
      await s.putThreadSlots('k', { a: 1 });
      await s.recordFeedback({ at: 'a', user: 'U1', question: 'q1', intent: 'fdi', helpful: true });
      await s.recordUnanswered({ at: 'a', question: 'What?', normalised: 'what' });
      const s2 = await h!.reopen!();
      h!.store = s2;
      expect(await s2.getSubscription('C1')).toEqual(sub('C1'));
      expect(await s2.listDeadlines()).toEqual([{ ...deadline('C1', 'A'), id: 'd1', done: true, doneAt: '2026-11-23T00:00:00.000Z' }]);
      expect(await s2.getDelivery('C1', '2026-W48')).toMatchObject({ status: 'delivered', ts: '1.2' });
      expect(await s2.markEventProcessed('Ev1', '2026-11-22T00:01:00.000Z')).toBe(false);
      expect(await s2.getThreadSlots('k')).toEqual({ a: 1 });
      expect((await s2.listFeedback()).length).toBe(1);
      expect((await s2.listUnanswered()).length).toBe(1);
      expect((await s2.addDeadline(deadline('C1', 'B'))).id).toBe('d2');
    });
  });
}
