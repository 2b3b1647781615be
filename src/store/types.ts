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
}

export interface TeamDeadline {
  /** Short id users type: "d1", "d2", … unique per store. */
  id: string;
  channel: string;
  title: string;
  /** YYYY-MM-DD. */
  due: string;
  createdBy: string;
  createdAt: string;
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
  /** ISO week of the slot in the subscription's time zone, e.g. "2026-W47". */
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

export interface ClaimOptions {
  /**
   * ISO instant: a 'claimed' entry whose claimedAt is before this is a stale claim (its runner
   * crashed or hung) and may be claimed again.
   */
  staleBefore?: string;
}

export interface FeedbackEntry {
  at: string;
  user: string;
  question: string;
  intent: string;
  helpful: boolean;
}

export interface UnansweredEntry {
  at: string;
  question: string;
  /** Normalised form, used to group similar questions. */
  normalised: string;
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
  listDeliveries(): Promise<LedgerEntry[]>;

  // Slack event dedupe: true the first time an event id is seen
  markEventProcessed(eventId: string, at: string): Promise<boolean>;

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
