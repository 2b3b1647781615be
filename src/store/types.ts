/**
 * Persistent state behind one interface, so another implementation (e.g. PostgreSQL) can follow
 * without touching callers. The default implementation is lowdb (src/store/lowdb.ts).
 */

export interface Subscription {
  /** Slack workspace id when known (multi-workspace installs); null in single-workspace mode. */
  teamId: string | null;
  channel: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local time of day, HH:MM (24h). */
  time: string;
  /** IANA time zone, e.g. Asia/Ho_Chi_Minh. */
  tz: string;
  createdBy: string;
  /** ISO instant. */
  createdAt: string;
  /**
   * The digest's language, chosen with the subscription. Absent (data written before it existed,
   * or none chosen) means the same as null: the channel's preference (Store.getLanguages), else
   * English. Stores return it only when set.
   */
  lang?: LanguagePreference | null;
  /**
   * Whether the channel also gets a reminder on the day each of its deadlines is due
   * (`/integ digest reminders on|off`). Absent means off; stores return it only when true.
   */
  reminders?: boolean;
}

/**
 * A language a user or a channel chose explicitly (`/integ lang vi|en`; `auto` clears it). The
 * store's own type: the answer layer has its own, and the store imports nothing from it.
 */
export type LanguagePreference = 'en' | 'vi';

export function isLanguagePreference(x: unknown): x is LanguagePreference {
  return x === 'en' || x === 'vi';
}

/** Whose preference: a user's or a channel's, in a workspace (null: single-workspace mode). */
export interface LanguageScope {
  teamId: string | null;
  kind: 'user' | 'channel';
  /** The Slack user id (U…/W…) or channel id (C…/G…/D…). */
  id: string;
}

/** A language argument as every store checks it: 'en', 'vi', or null (undefined reads as null). */
function checkLang(lang: unknown, what: string): LanguagePreference | null {
  if (lang == null) return null;
  if (!isLanguagePreference(lang)) throw new TypeError(`integ: ${what} is 'en', 'vi' or null (got ${JSON.stringify(lang)})`);
  return lang;
}

/**
 * setLanguage's arguments as every store checks them (a TypeError names what is wrong), with
 * teamId '' read as null (single-workspace mode), as the SQL store keeps it.
 */
export function checkLanguageScope(scope: LanguageScope, lang: unknown, at: unknown): LanguageScope {
  checkLang(lang, 'a language preference');
  if (scope.kind !== 'user' && scope.kind !== 'channel') throw new TypeError(`integ: a language preference belongs to a 'user' or a 'channel' (got ${JSON.stringify(scope.kind)})`);
  if (typeof scope.id !== 'string' || scope.id === '') throw new TypeError('integ: a language preference needs the id of its user or channel');
  if (typeof at !== 'string' || at === '') throw new TypeError('integ: a language preference needs the time it was set');
  return { teamId: scope.teamId || null, kind: scope.kind, id: scope.id };
}

/** A subscription's digest language as every store checks it (TypeError when not 'en', 'vi' or none). */
export function subscriptionLang(sub: Subscription): LanguagePreference | null {
  return checkLang(sub.lang, "a digest's language");
}

/** What getLanguages looks up: the asker and the channel of one request (either may be absent). */
export interface LanguageQuery {
  teamId: string | null;
  user?: string | null;
  channel?: string | null;
}

/** The explicit preferences found; null where none was set (auto). */
export interface LanguagePreferences {
  user: LanguagePreference | null;
  channel: LanguagePreference | null;
}

export interface TeamDeadline {
  /** Short id users type: "d1", "d2", … unique per store. */
  id: string;
  /** The Slack workspace it was added in, when known (absent: added before workspaces were recorded). */
  teamId?: string;
  channel: string;
  title: string;
  /** YYYY-MM-DD. */
  due: string;
  createdBy: string;
  createdAt: string;
  /** The Slack user responsible for it (U…/W…), when one was named; stores return it only when set. */
  owner?: string;
  done: boolean;
  doneAt: string | null;
}

/**
 * claimed: a runner is posting (or crashed while posting: see the lease in src/digest/runner.ts);
 * delivered: posted, ts recorded; failed: given up for that week (permanent error or attempts cap);
 * released: a failed attempt worth retrying; due again, `attempts` kept so retries are capped.
 */
export type DeliveryStatus = 'claimed' | 'delivered' | 'failed' | 'released';

export interface LedgerEntry {
  channel: string;
  /**
   * What was delivered, once: a digest's ISO week in the subscription's time zone, e.g.
   * "2026-W47", or a due-day reminder's key (REMINDER_KEY: "reminder:<deadline id>:<due date>").
   */
  week: string;
  status: DeliveryStatus;
  claimedAt: string;
  finishedAt: string | null;
  /** Slack message ts when delivered. */
  ts: string | null;
  error: string | null;
  /** How many times (channel, week) was claimed; counts retries towards a cap. Absent = 1. */
  attempts?: number;
}

/** The ledger key of a deadline's due-day reminder: one delivery per deadline and due date. */
export function reminderKey(deadlineId: string, due: string): string {
  return `reminder:${deadlineId}:${due}`;
}
/** A ledger key as every store accepts it: an ISO week or a reminder key. */
export const LEDGER_KEY = /^(\d{4}-W\d{2}|reminder:d\d+:\d{4}-\d{2}-\d{2})$/;

export interface ClaimOptions {
  /**
   * ISO instant: a 'claimed' entry whose claimedAt is before this is a stale claim (its runner
   * crashed or hung) and may be claimed again.
   */
  staleBefore?: string;
}

/** One delivery in the ledger: a channel and its week (or reminder key). */
export interface DeliveryKey {
  channel: string;
  week: string;
}

/** What claimFirstDelivery claimed. */
export interface FirstClaim extends DeliveryKey {
  /** Its position in the keys given (those before it could not be claimed). */
  index: number;
  /** Claims of (channel, week) so far, this one included. */
  attempts: number;
  /**
   * What the entry was before this claim: null (none), 'released' (an attempt after which Slack had
   * not posted) or 'claimed' (a stale claim: its runner may have posted before it died).
   */
  previous: 'released' | 'claimed' | null;
}

/** Which ledger entries listDeliveries returns (all when absent). */
export interface DeliveryFilter {
  /** Only entries with one of these weeks (or reminder keys). */
  weeks?: readonly string[];
}

/**
 * How fast integ may post in one workspace, all processes sharing the store together: a token
 * bucket holding at most `burst` posts, refilled at `perMinute` posts a minute (Slack counts its
 * chat.postMessage budget per workspace and per minute, and allows short bursts).
 */
export interface PostPace {
  perMinute: number;
  burst: number;
}

/** A workspace's turn to post: granted now, or not before waitMs from the time asked. */
export type PostTurn = { granted: true; waitMs: 0 } | { granted: false; waitMs: number };

/** One workspace's bucket (PostPace): tokens as of updatedMs, and no post before pausedUntilMs. */
export interface PaceState {
  tokens: number;
  updatedMs: number;
  pausedUntilMs: number;
}

/** takePostTurn's arguments as every store checks them (a TypeError names what is wrong). */
export function checkPace(pace: PostPace, atMs: number): void {
  if (!(Number.isFinite(pace?.perMinute) && pace.perMinute > 0)) throw new TypeError(`integ: a posting pace needs posts a minute above 0 (got ${pace?.perMinute})`);
  if (!(Number.isFinite(pace.burst) && pace.burst >= 1)) throw new TypeError(`integ: a posting pace needs a burst of at least 1 post (got ${pace.burst})`);
  if (!Number.isFinite(atMs)) throw new TypeError(`integ: a posting turn needs the time it is asked for, in epoch milliseconds (got ${atMs})`);
}

/** The tokens a bucket holds at atMs (never fewer than it held: a clock behind the last update adds none). */
export function paceTokens(state: PaceState, atMs: number, pace: PostPace): number {
  return Math.min(pace.burst, state.tokens + (Math.max(0, atMs - state.updatedMs) * pace.perMinute) / 60_000);
}

/** Milliseconds from atMs until the bucket allows a post (0: now); at least 1 ms when not now. */
export function paceWait(state: PaceState, atMs: number, pace: PostPace): number {
  if (state.pausedUntilMs > atMs) return state.pausedUntilMs - atMs;
  const tokens = paceTokens(state, atMs, pace);
  // (less a hair: floating-point error must not turn 600 ms into 601)
  return tokens >= 1 ? 0 : Math.max(1, Math.ceil(((1 - tokens) * 60_000) / pace.perMinute - 1e-6));
}

/**
 * A bucket after a 429 told everyone to wait until untilMs: one post allowed then, refilling from
 * there. A pause never shortens an earlier, longer one.
 */
export function pausedPace(state: PaceState | null, untilMs: number): PaceState {
  if (state && state.pausedUntilMs >= untilMs) return state;
  return { tokens: 1, updatedMs: untilMs, pausedUntilMs: untilMs };
}

/** The key a workspace's pace is kept under: its team id, '' in single-workspace mode. */
export const paceKey = (teamId: string | null): string => teamId ?? '';

/** Where a question was asked: in Slack, in the interactive shell, or by a one-off CLI command. */
export type Origin = 'slack' | 'shell' | 'cli';

export function isOrigin(x: unknown): x is Origin {
  return x === 'slack' || x === 'shell' || x === 'cli';
}

/** The longest comment kept with a 👎 ("what was wrong?"); longer ones are cut. */
export const MAX_FEEDBACK_COMMENT = 1000;

/** A 👎 comment as every store keeps it: trimmed, cut to MAX_FEEDBACK_COMMENT; undefined when empty. */
export function feedbackComment(comment: string | undefined): string | undefined {
  const t = comment?.trim();
  return t ? [...t].slice(0, MAX_FEEDBACK_COMMENT).join('') : undefined;
}

export interface FeedbackEntry {
  at: string;
  user: string;
  question: string;
  intent: string;
  helpful: boolean;
  /**
   * What the user said was wrong (the 👎 modal), at most MAX_FEEDBACK_COMMENT characters. The modal
   * is sent after the 👎 was recorded, so an entry with a comment is that vote's comment, not a vote.
   */
  comment?: string;
  /** Absent: written before origins were recorded, which only Slack did ('slack'). */
  origin?: Origin;
}

export interface UnansweredEntry {
  at: string;
  question: string;
  /** Normalised form, used to group similar questions. */
  normalised: string;
  /** Absent: written before origins were recorded, which only Slack did ('slack'). */
  origin?: Origin;
}

/** Where an entry came from; entries written before origins were recorded came from Slack. */
export function originOf(entry: { origin?: Origin }): Origin {
  return entry.origin ?? 'slack';
}

/**
 * One Slack installation of integ (OAuth, many workspaces): a workspace, or a whole Enterprise
 * Grid org for an org-wide install. Holds that workspace's bot token: protect the store like one.
 */
export interface WorkspaceInstallation {
  /** The workspace (T…); null for an org-wide install. */
  teamId: string | null;
  /** The Enterprise Grid org (E…), when there is one. */
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  /** The bot token (xoxb-…) for posting outside a request (digests); null when none. */
  botToken: string | null;
  /** ISO instant. */
  installedAt: string;
  /** Everything Bolt's installation store keeps (its Installation object, JSON), returned as stored. */
  data: unknown;
}

/** Which installation: an org-wide install by enterpriseId, otherwise the workspace by teamId. */
export interface InstallationQuery {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
}

/** What deleteWorkspaceData removed. */
export interface WorkspaceDataRemoved {
  installations: number;
  subscriptions: number;
  deadlines: number;
  deliveries: number;
  threads: number;
  /** Language preferences: the workspace's users' and channels', and those of its channels. */
  languages: number;
}

/** The key an installation is stored under: "E:<enterprise>" for an org-wide install, else "T:<team>". */
export function installationKey(q: InstallationQuery): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  throw new Error('integ: an installation needs a team id (or an enterprise id for an org-wide install)');
}

export interface Store {
  // subscriptions (one per channel)
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(channel: string): Promise<Subscription | null>;
  putSubscription(sub: Subscription): Promise<void>;
  removeSubscription(channel: string): Promise<boolean>;

  // a team's own deadlines
  listDeadlines(channel?: string): Promise<TeamDeadline[]>;
  addDeadline(input: Omit<TeamDeadline, 'id' | 'done' | 'doneAt'>): Promise<TeamDeadline>;
  markDeadlineDone(id: string, at: string): Promise<TeamDeadline | null>;
  removeDeadline(id: string): Promise<boolean>;

  // delivery ledger: at most one delivery per channel per week
  /**
   * Atomically claims (channel, week); false when already claimed, delivered or failed.
   * A 'released' entry, or a 'claimed' one older than opts.staleBefore, is claimed again (attempts + 1).
   */
  claimDelivery(channel: string, week: string, at: string, opts?: ClaimOptions): Promise<boolean>;
  finishDelivery(channel: string, week: string, result: { status: 'delivered' | 'failed'; at: string; ts?: string; error?: string }): Promise<void>;
  /** Drops a claim so the delivery is due again (a failure worth retrying): status 'released', attempts kept. */
  releaseDelivery(channel: string, week: string): Promise<void>;
  getDelivery(channel: string, week: string): Promise<LedgerEntry | null>;
  /** Every ledger entry, or those the filter names (one query, not one per key). */
  listDeliveries(filter?: DeliveryFilter): Promise<LedgerEntry[]>;
  /**
   * Claims the first of `keys`, in their order, that can be claimed (as claimDelivery would), in one
   * atomic step: null when none can. Concurrent callers never claim the same key, so runners that
   * walk the same due list in different orders each get different deliveries without a round trip
   * per delivery another one took.
   */
  claimFirstDelivery(keys: readonly DeliveryKey[], at: string, opts?: ClaimOptions): Promise<FirstClaim | null>;

  // the posting pace of each workspace (src/digest/queue.ts), shared by every process on the store
  /**
   * Takes a turn to post in the workspace (teamId null: single-workspace mode) at atMs (epoch ms of
   * the caller's clock), atomically: granted when the workspace is not paused and its bucket
   * (PostPace) holds a post, which it then spends; otherwise how long until it may. Processes on
   * one store share each workspace's bucket (their clocks should agree: NTP).
   */
  takePostTurn(teamId: string | null, atMs: number, pace: PostPace): Promise<PostTurn>;
  /**
   * Slack answered 429 with Retry-After: no turn in the workspace before untilMs, for any process
   * on the store; then one post, the bucket refilling from there. Never shortens a longer pause.
   */
  pausePosts(teamId: string | null, untilMs: number): Promise<void>;

  // Slack event dedupe: true the first time an event id is seen
  markEventProcessed(eventId: string, at: string): Promise<boolean>;
  /**
   * Replay protection for signed Slack requests: true the first time `key` (the request's
   * signature) is seen. A key is remembered at least REQUEST_TTL_MS after `at`, on every replica
   * sharing the store. Keys are not event ids: the two never collide.
   */
  markRequestSeen(key: string, at: string): Promise<boolean>;

  // Slack installations (OAuth, many workspaces): one per workspace (or org), replaced on reinstall
  storeInstallation(installation: WorkspaceInstallation): Promise<void>;
  fetchInstallation(query: InstallationQuery): Promise<WorkspaceInstallation | null>;
  /** true when there was one. */
  deleteInstallation(query: InstallationQuery): Promise<boolean>;
  /**
   * Forgets a workspace (the app was uninstalled or its tokens revoked), atomically: its
   * installation, its subscriptions, its language preferences (users' and channels'), and the
   * deadlines, delivery ledger, thread contexts and channel language preferences of its channels
   * (those of its subscriptions and of deadlines added in it).
   */
  deleteWorkspaceData(teamId: string): Promise<WorkspaceDataRemoved>;

  // language preferences (`/integ lang vi|en|auto`), per user or per channel, per workspace
  /**
   * Sets (or, with null, clears: "auto") the explicit language of a user or a channel. Setting
   * makes it the newest; only the newest MAX_LANGUAGES (src/store/errors.ts) are kept, the
   * longest unchanged dropped first (its owner falls back to auto). Rejects with a TypeError when
   * lang is not 'en', 'vi' or null, kind not 'user' or 'channel', or id empty. teamId '' = null.
   */
  setLanguage(scope: LanguageScope, lang: LanguagePreference | null, at: string): Promise<void>;
  /**
   * The asker's and the channel's explicit preferences, in ONE store call (one query on SQL), so a
   * request pays one round trip. The store only reports them; which wins is the caller's rule:
   *
   *   answer:  the user's explicit choice, else the channel's, else the question's own language;
   *   digest:  the subscription's lang, else the channel's preference, else English.
   *
   * (The asker's choice beats the channel's because the answer is to them: someone who set
   * `/integ lang en` gets English even in a channel set to Vietnamese.) A missing user or channel
   * (undefined, null or '') gives null for it.
   */
  getLanguages(query: LanguageQuery): Promise<LanguagePreferences>;

  // thread context for follow-ups ("@integ and exports?")
  putThreadSlots(key: string, slots: unknown): Promise<void>;
  getThreadSlots(key: string): Promise<unknown | null>;

  // feedback and gaps, for curators
  recordFeedback(entry: FeedbackEntry): Promise<void>;
  recordUnanswered(entry: UnansweredEntry): Promise<void>;
  listFeedback(): Promise<FeedbackEntry[]>;
  listUnanswered(): Promise<UnansweredEntry[]>;

  /** Waits for queued writes, releases locks. */
  close(): Promise<void>;
}
