/**
 * In-memory Store (tests, the local shell) and the state logic every file-backed store shares.
 *
 * All the rules live in `DataStore`, written against two primitives:
 *   view(fn)   — runs fn on the committed state (read-only);
 *   mutate(fn) — runs fn on a *copy* of the committed state and commits the copy only when the
 *                implementation has persisted it. A failed write therefore changes nothing.
 * MemoryStore commits immediately (optionally failing on demand, to test callers' "couldn't save"
 * paths); src/store/lowdb.ts persists the copy to disk first.
 */
import {
  checkLanguageScope,
  checkPace,
  installationKey,
  paceKey,
  paceTokens,
  paceWait,
  pausedPace,
  subscriptionLang,
  type ClaimOptions,
  type DeliveryFilter,
  type DeliveryKey,
  type FeedbackEntry,
  type FirstClaim,
  feedbackComment,
  type InstallationQuery,
  type LanguagePreference,
  type LanguagePreferences,
  type LanguageQuery,
  type LanguageScope,
  type LedgerEntry,
  type PaceState,
  type PostPace,
  type PostTurn,
  type Store,
  type Subscription,
  type TeamDeadline,
  type UnansweredEntry,
  type WorkspaceDataRemoved,
  type WorkspaceInstallation,
} from './types.js';
import { EVENT_TTL_MS, MAX_LANGUAGES, MAX_RECORDS, MAX_THREADS, REQUEST_TTL_MS, StoreClosedError } from './errors.js';

/** One explicit language preference (Store.setLanguage). */
export interface LanguageSetting {
  /** null: single-workspace mode. */
  teamId: string | null;
  kind: 'user' | 'channel';
  id: string;
  lang: LanguagePreference;
  /** ISO instant it was set. */
  at: string;
}

/**
 * Everything a store holds. Version bumps when the shape changes in a way this version cannot
 * read; optional fields (installations, languages, a subscription's lang) are added without a bump,
 * absent meaning none, so older files open unchanged. The elements of events, threads,
 * feedback, unanswered and languages are never changed in place, only added or removed (the lowdb
 * store shares them between its committed state and a write's draft: src/store/lowdb.ts draftOf).
 */
export interface StoreData {
  version: 1;
  /** Next team deadline number: ids are "d<n>", never reused (even after removal). */
  nextDeadlineId: number;
  subscriptions: Subscription[];
  deadlines: TeamDeadline[];
  deliveries: LedgerEntry[];
  /** Slack event ids seen recently (dedupe of retried events); pruned after EVENT_TTL_MS. */
  events: { id: string; at: string }[];
  /** Thread follow-up slots, oldest first; capped at MAX_THREADS. */
  threads: { key: string; slots: unknown }[];
  feedback: FeedbackEntry[];
  unanswered: UnansweredEntry[];
  /** Slack installations (OAuth mode); absent until the first one, so single-workspace files keep their shape. */
  installations?: WorkspaceInstallation[];
  /**
   * Explicit language preferences, the least recently set first; capped at MAX_LANGUAGES. Absent
   * until the first one, so files written before them keep their shape (and still open).
   */
  languages?: LanguageSetting[];
}

export const emptyData = (): StoreData => ({
  version: 1,
  nextDeadlineId: 1,
  subscriptions: [],
  deadlines: [],
  deliveries: [],
  events: [],
  threads: [],
  feedback: [],
  unanswered: [],
});

/**
 * A deep copy of store data: plain objects, arrays and primitives (what the store holds and
 * validates) are copied directly, anything else by structuredClone, whose fixed cost per call is
 * high for the small values every request copies.
 */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = clone(v);
  return out as T;
}

/** The channel of a thread-context key (`${channel}:${thread_ts}`, src/slack/shared.ts threadKey). */
export const threadChannel = (key: string): string => key.split(':', 1)[0];

/**
 * Claims (channel, week) in the ledger `d` given its entry (undefined: none), as claimDelivery:
 * false when it cannot be claimed, else its attempts and what it was before.
 */
function claimIn(d: StoreData, e: LedgerEntry | undefined, k: DeliveryKey, at: string, opts: ClaimOptions): Pick<FirstClaim, 'attempts' | 'previous'> | false {
  if (!e) {
    d.deliveries.push({ channel: k.channel, week: k.week, status: 'claimed', claimedAt: at, finishedAt: null, ts: null, error: null, attempts: 1 });
    return { attempts: 1, previous: null };
  }
  const stale = e.status === 'claimed' && opts.staleBefore !== undefined && Date.parse(e.claimedAt) < Date.parse(opts.staleBefore);
  if (e.status === 'released' || stale) {
    const previous = e.status === 'released' ? 'released' : 'claimed';
    e.status = 'claimed';
    e.claimedAt = at;
    e.finishedAt = null;
    e.attempts = (e.attempts ?? 1) + 1;
    // e.error is kept: the last failure stays visible while retrying
    return { attempts: e.attempts, previous };
  }
  return false;
}

/** The Store rules, over an abstract committed state. */
export abstract class DataStore implements Store {
  /** Signed requests seen lately (markRequestSeen): key → when it may be forgotten (ms), oldest first. */
  readonly #requests = new Map<string, number>();
  /** Each workspace's posting bucket (takePostTurn), by paceKey. */
  readonly #paces = new Map<string, PaceState>();

  /** Runs fn on the committed state; the result is cloned so callers never alias it. */
  protected abstract view<T>(fn: (data: Readonly<StoreData>) => T): Promise<T>;
  /**
   * Runs fn on a copy of the committed state and commits it once persisted; rejects (and commits
   * nothing) when persisting fails. Mutations are applied one at a time, in call order.
   */
  protected abstract mutate<T>(fn: (data: StoreData) => T): Promise<T>;
  abstract close(): Promise<void>;

  // ---- subscriptions -------------------------------------------------------------------------

  listSubscriptions(): Promise<Subscription[]> {
    return this.view((d) => clone(d.subscriptions));
  }

  getSubscription(channel: string): Promise<Subscription | null> {
    return this.view((d) => clone(d.subscriptions.find((s) => s.channel === channel) ?? null));
  }

  putSubscription(sub: Subscription): Promise<void> {
    let lang: LanguagePreference | null;
    try {
      lang = subscriptionLang(sub);
    } catch (err) {
      return Promise.reject(err);
    }
    // lang is kept only when set: absent and null mean the same, and every store reads back the same
    // lang is kept only when set, reminders only when on: absent means the same as null / off
    const { lang: _, reminders, ...rest } = clone(sub);
    const copy: Subscription = { ...rest, ...(lang === null ? {} : { lang }), ...(reminders === true ? { reminders: true } : {}) };
    return this.mutate((d) => {
      const i = d.subscriptions.findIndex((s) => s.channel === copy.channel);
      if (i >= 0) d.subscriptions[i] = copy;
      else d.subscriptions.push(copy);
    });
  }

  removeSubscription(channel: string): Promise<boolean> {
    return this.mutate((d) => {
      const before = d.subscriptions.length;
      d.subscriptions = d.subscriptions.filter((s) => s.channel !== channel);
      return d.subscriptions.length !== before;
    });
  }

  // ---- team deadlines ------------------------------------------------------------------------

  listDeadlines(channel?: string): Promise<TeamDeadline[]> {
    return this.view((d) => clone(channel === undefined ? d.deadlines : d.deadlines.filter((x) => x.channel === channel)));
  }

  addDeadline(input: Omit<TeamDeadline, 'id' | 'done' | 'doneAt'>): Promise<TeamDeadline> {
    const copy = clone(input);
    return this.mutate((d) => {
      const deadline: TeamDeadline = {
        id: `d${d.nextDeadlineId}`,
        ...(copy.teamId ? { teamId: copy.teamId } : {}),
        channel: copy.channel,
        title: copy.title,
        due: copy.due,
        createdBy: copy.createdBy,
        createdAt: copy.createdAt,
        ...(copy.owner ? { owner: copy.owner } : {}),
        done: false,
        doneAt: null,
      };
      d.nextDeadlineId += 1;
      d.deadlines.push(deadline);
      return clone(deadline);
    });
  }

  markDeadlineDone(id: string, at: string): Promise<TeamDeadline | null> {
    return this.mutate((d) => {
      const x = d.deadlines.find((y) => y.id === id);
      if (!x) return null;
      if (!x.done) {
        x.done = true;
        x.doneAt = at;
      }
      return clone(x);
    });
  }

  removeDeadline(id: string): Promise<boolean> {
    return this.mutate((d) => {
      const before = d.deadlines.length;
      d.deadlines = d.deadlines.filter((x) => x.id !== id);
      return d.deadlines.length !== before;
    });
  }

  // ---- delivery ledger -----------------------------------------------------------------------

  claimDelivery(channel: string, week: string, at: string, opts: ClaimOptions = {}): Promise<boolean> {
    return this.mutate((d) => claimIn(d, d.deliveries.find((x) => x.channel === channel && x.week === week), { channel, week }, at, opts) !== false);
  }

  claimFirstDelivery(keys: readonly DeliveryKey[], at: string, opts: ClaimOptions = {}): Promise<FirstClaim | null> {
    const wanted = keys.map((k) => ({ channel: k.channel, week: k.week }));
    return this.mutate((d) => {
      // one pass over the ledger for the entries of these keys
      const ids = new Set(wanted.map((k) => DataStore.#ledgerId(k)));
      const entries = new Map<string, LedgerEntry>();
      for (const e of d.deliveries) {
        const id = DataStore.#ledgerId(e);
        if (ids.has(id) && !entries.has(id)) entries.set(id, e);
      }
      for (const [index, k] of wanted.entries()) {
        const claimed = claimIn(d, entries.get(DataStore.#ledgerId(k)), k, at, opts);
        if (claimed !== false) return { ...k, index, ...claimed };
      }
      return null;
    });
  }

  static #ledgerId(k: DeliveryKey): string {
    return `${k.channel}\u0000${k.week}`;
  }

  finishDelivery(
    channel: string,
    week: string,
    result: { status: 'delivered' | 'failed'; at: string; ts?: string; error?: string },
  ): Promise<void> {
    return this.mutate((d) => {
      let e = d.deliveries.find((x) => x.channel === channel && x.week === week);
      if (!e) {
        // finishing without a claim (e.g. the claim was lost): still record the outcome
        e = { channel, week, status: result.status, claimedAt: result.at, finishedAt: null, ts: null, error: null, attempts: 1 };
        d.deliveries.push(e);
      }
      e.status = result.status;
      e.finishedAt = result.at;
      e.ts = result.ts ?? (result.status === 'delivered' ? e.ts : null);
      e.error = result.status === 'delivered' ? null : result.error ?? 'failed';
    });
  }

  releaseDelivery(channel: string, week: string): Promise<void> {
    return this.mutate((d) => {
      const e = d.deliveries.find((x) => x.channel === channel && x.week === week);
      // only a claim can be released: a delivered entry must never become due again
      if (e && e.status === 'claimed') e.status = 'released';
    });
  }

  getDelivery(channel: string, week: string): Promise<LedgerEntry | null> {
    return this.view((d) => clone(d.deliveries.find((x) => x.channel === channel && x.week === week) ?? null));
  }

  listDeliveries(filter: DeliveryFilter = {}): Promise<LedgerEntry[]> {
    const weeks = filter.weeks ? new Set(filter.weeks) : null;
    return this.view((d) => clone(weeks ? d.deliveries.filter((e) => weeks.has(e.week)) : d.deliveries));
  }

  // ---- posting pace --------------------------------------------------------------------------

  /**
   * Kept in memory, not in StoreData, like the signed requests: a memory or lowdb store serves one
   * process, so there is no other replica to share the buckets with, and a file write for every
   * post would cost more than the post. A restart forgets them, and with them a pause Slack asked
   * for: the first post after a restart within a Retry-After may be refused again (and then waits).
   */
  takePostTurn(teamId: string | null, atMs: number, pace: PostPace): Promise<PostTurn> {
    try {
      checkPace(pace, atMs);
    } catch (err) {
      return Promise.reject(err);
    }
    const key = paceKey(teamId);
    const state = this.#paces.get(key) ?? { tokens: pace.burst, updatedMs: atMs, pausedUntilMs: 0 };
    const waitMs = paceWait(state, atMs, pace);
    if (waitMs > 0) return Promise.resolve({ granted: false, waitMs });
    this.#paces.set(key, { tokens: paceTokens(state, atMs, pace) - 1, updatedMs: Math.max(state.updatedMs, atMs), pausedUntilMs: state.pausedUntilMs });
    return Promise.resolve({ granted: true, waitMs: 0 });
  }

  pausePosts(teamId: string | null, untilMs: number): Promise<void> {
    if (!Number.isFinite(untilMs)) return Promise.reject(new TypeError(`integ: a pause needs the time it ends, in epoch milliseconds (got ${untilMs})`));
    const key = paceKey(teamId);
    this.#paces.set(key, pausedPace(this.#paces.get(key) ?? null, untilMs));
    return Promise.resolve();
  }

  // ---- installations -------------------------------------------------------------------------

  storeInstallation(installation: WorkspaceInstallation): Promise<void> {
    const copy = clone(installation);
    const key = installationKey(copy);
    return this.mutate((d) => {
      const list = d.installations ?? [];
      const i = list.findIndex((x) => installationKey(x) === key);
      if (i >= 0) list[i] = copy;
      else list.push(copy);
      d.installations = list;
    });
  }

  fetchInstallation(query: InstallationQuery): Promise<WorkspaceInstallation | null> {
    const key = installationKey(query);
    return this.view((d) => clone((d.installations ?? []).find((x) => installationKey(x) === key) ?? null));
  }

  deleteInstallation(query: InstallationQuery): Promise<boolean> {
    const key = installationKey(query);
    return this.mutate((d) => {
      const before = d.installations?.length ?? 0;
      const kept = (d.installations ?? []).filter((x) => installationKey(x) !== key);
      if (kept.length === before) return false;
      if (kept.length) d.installations = kept;
      else delete d.installations;
      return true;
    });
  }

  deleteWorkspaceData(teamId: string): Promise<WorkspaceDataRemoved> {
    // its posting pace too, once the rest is gone (not counted: no one's data)
    return this.#forgetWorkspace(teamId).then((n) => {
      this.#paces.delete(paceKey(teamId));
      return n;
    });
  }

  #forgetWorkspace(teamId: string): Promise<WorkspaceDataRemoved> {
    return this.mutate((d) => {
      const channels = new Set([
        ...d.subscriptions.filter((s) => s.teamId === teamId).map((s) => s.channel),
        ...d.deadlines.filter((x) => x.teamId === teamId).map((x) => x.channel),
      ]);
      const n = { installations: 0, subscriptions: 0, deadlines: 0, deliveries: 0, threads: 0, languages: 0 };
      const drop = <T>(list: T[], gone: (x: T) => boolean, count: keyof WorkspaceDataRemoved): T[] => {
        const kept = list.filter((x) => !gone(x));
        n[count] += list.length - kept.length;
        return kept;
      };
      const installations = drop(d.installations ?? [], (x) => x.teamId === teamId, 'installations');
      if (installations.length) d.installations = installations;
      else delete d.installations;
      d.subscriptions = drop(d.subscriptions, (s) => s.teamId === teamId || channels.has(s.channel), 'subscriptions');
      d.deadlines = drop(d.deadlines, (x) => x.teamId === teamId || channels.has(x.channel), 'deadlines');
      d.deliveries = drop(d.deliveries, (e) => channels.has(e.channel), 'deliveries');
      d.threads = drop(d.threads, (t) => channels.has(threadChannel(t.key)), 'threads');
      const languages = drop(d.languages ?? [], (x) => x.teamId === teamId || (x.kind === 'channel' && channels.has(x.id)), 'languages');
      if (languages.length) d.languages = languages;
      else delete d.languages;
      return n;
    });
  }

  // ---- language preferences ------------------------------------------------------------------

  setLanguage(scope: LanguageScope, lang: LanguagePreference | null, at: string): Promise<void> {
    let key: LanguageScope;
    try {
      key = checkLanguageScope(scope, lang, at);
    } catch (err) {
      return Promise.reject(err);
    }
    const same = (x: LanguageSetting) => x.teamId === key.teamId && x.kind === key.kind && x.id === key.id;
    return this.mutate((d) => {
      // replaced, not changed in place (see StoreData): the newest goes last
      const kept = (d.languages ?? []).filter((x) => !same(x));
      if (lang !== null) kept.push({ ...key, lang, at });
      if (kept.length > MAX_LANGUAGES) kept.splice(0, kept.length - MAX_LANGUAGES);
      if (kept.length) d.languages = kept;
      else delete d.languages;
    });
  }

  getLanguages(query: LanguageQuery): Promise<LanguagePreferences> {
    const teamId = query.teamId || null;
    const user = query.user || null;
    const channel = query.channel || null;
    return this.view((d) => {
      const found: LanguagePreferences = { user: null, channel: null };
      if (user === null && channel === null) return found;
      for (const x of d.languages ?? []) {
        if (x.teamId !== teamId) continue;
        if (x.kind === 'user' && x.id === user) found.user = x.lang;
        else if (x.kind === 'channel' && x.id === channel) found.channel = x.lang;
      }
      return found;
    });
  }

  // ---- events, threads, feedback -------------------------------------------------------------

  markEventProcessed(eventId: string, at: string): Promise<boolean> {
    return this.mutate((d) => {
      const cutoff = Date.parse(at) - EVENT_TTL_MS;
      if (Number.isFinite(cutoff)) d.events = d.events.filter((e) => !(Date.parse(e.at) < cutoff));
      if (d.events.some((e) => e.id === eventId)) return false;
      d.events.push({ id: eventId, at });
      return true;
    });
  }

  /**
   * Kept in memory, not in StoreData: a memory or lowdb store serves one process (lowdb's lock
   * file), so there is no other replica to share the keys with, and a file write (with fsync) for
   * every request would cost far more than the check. A restart forgets them: a request captured
   * before it could be replayed once within its 5 minutes.
   */
  markRequestSeen(key: string, at: string): Promise<boolean> {
    const atMs = Date.parse(at);
    const now = Number.isFinite(atMs) ? atMs : Date.now();
    // oldest first (insertion order): stop at the first that is still remembered
    for (const [k, until] of this.#requests) {
      if (until > now) break;
      this.#requests.delete(k);
    }
    const until = this.#requests.get(key);
    if (until !== undefined && until > now) return Promise.resolve(false);
    this.#requests.delete(key);
    this.#requests.set(key, now + REQUEST_TTL_MS);
    return Promise.resolve(true);
  }

  putThreadSlots(key: string, slots: unknown): Promise<void> {
    const copy = clone(slots);
    return this.mutate((d) => {
      d.threads = d.threads.filter((t) => t.key !== key);
      d.threads.push({ key, slots: copy });
      if (d.threads.length > MAX_THREADS) d.threads.splice(0, d.threads.length - MAX_THREADS);
    });
  }

  getThreadSlots(key: string): Promise<unknown | null> {
    return this.view((d) => clone(d.threads.find((t) => t.key === key)?.slots ?? null));
  }

  recordFeedback(entry: FeedbackEntry): Promise<void> {
    const { comment, ...rest } = clone(entry);
    const cut = feedbackComment(comment);
    const copy: FeedbackEntry = cut ? { ...rest, comment: cut } : rest;
    return this.mutate((d) => {
      d.feedback.push(copy);
      if (d.feedback.length > MAX_RECORDS) d.feedback.splice(0, d.feedback.length - MAX_RECORDS);
    });
  }

  recordUnanswered(entry: UnansweredEntry): Promise<void> {
    const copy = clone(entry);
    return this.mutate((d) => {
      d.unanswered.push(copy);
      if (d.unanswered.length > MAX_RECORDS) d.unanswered.splice(0, d.unanswered.length - MAX_RECORDS);
    });
  }

  listFeedback(): Promise<FeedbackEntry[]> {
    return this.view((d) => clone(d.feedback));
  }

  listUnanswered(): Promise<UnansweredEntry[]> {
    return this.view((d) => clone(d.unanswered));
  }
}

/**
 * A Store in memory. `failWrites` makes every mutation reject (without changing anything) with
 * the given error, to test what callers reply when saving fails.
 */
export class MemoryStore extends DataStore {
  #data: StoreData;
  #closed = false;
  failWrites: Error | null = null;

  constructor(initial?: Partial<StoreData>) {
    super();
    this.#data = { ...emptyData(), ...clone(initial ?? {}) };
  }

  protected view<T>(fn: (data: Readonly<StoreData>) => T): Promise<T> {
    try {
      return Promise.resolve(fn(this.#data));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  protected mutate<T>(fn: (data: StoreData) => T): Promise<T> {
    try {
      if (this.#closed) throw new StoreClosedError();
      if (this.failWrites) throw this.failWrites;
      const draft = clone(this.#data);
      const result = fn(draft);
      this.#data = draft;
      return Promise.resolve(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** A copy of everything held (tests). */
  snapshot(): StoreData {
    return clone(this.#data);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
