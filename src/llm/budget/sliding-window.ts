/** One reservation counted in a {@link SlidingWindow}; its amount shrinks when part is given back. */
export interface WindowEntry {
  at: number;
  amount: number;
  /** The provider's answer said when it accepted the request (`at` is then exact). */
  accepted: boolean;
}

/**
 * A per-window allowance counted the way a provider with a sliding window counts it (the
 * simulator does; OpenAI's replenishing buckets are never stricter): the reservations of the last
 * `windowMs` may not exceed the capacity. Unlike a token bucket refilled continuously, it never
 * lets `2 × capacity` through in the first window.
 */
export class SlidingWindow {
  #capacity: number;
  readonly #countedMs: number;
  readonly #acceptedCountedMs: number;
  readonly #windowMs: number;
  // Sorted by `at`; kept for two windows so a correction can look back at a request's send time.
  #entries: WindowEntry[] = [];
  #pausedUntil = 0;

  constructor(
    capacityPerWindow: number,
    options: { windowMs?: number; marginMs?: number; acceptedMarginMs?: number } = {},
  ) {
    this.#capacity = capacityPerWindow;
    this.#windowMs = options.windowMs ?? 60_000;
    // A request reaches the provider a little after it was reserved here, and so leaves the
    // provider's window a little later: a reservation is counted for the window plus a margin.
    // Once answered, the provider's processing time says when it accepted the request (`move`),
    // and only clock granularity is left to cover: every window reused pays the margin once, and
    // the answered calls are nearly all of them.
    this.#countedMs = this.#windowMs + (options.marginMs ?? Math.max(50, Math.round(this.#windowMs * 0.0025)));
    this.#acceptedCountedMs =
      this.#windowMs + (options.acceptedMarginMs ?? Math.max(10, Math.round(this.#windowMs * 0.0005)));
  }

  /** The allowance per window. */
  get capacity(): number {
    return this.#capacity;
  }

  /** What may be reserved now. */
  level(nowMs: number): number {
    return this.#capacity - this.#usedAt(nowMs);
  }

  /** Milliseconds until `amount` fits (0: now). An amount over the capacity waits for an empty window. */
  waitMs(amount: number, nowMs: number): number {
    this.#prune(nowMs);
    const paused = Math.max(0, Math.ceil(this.#pausedUntil - nowMs));
    let used = this.#usedAt(nowMs);
    if (used + amount <= this.#capacity || used <= 0) return paused;
    // Answered and unanswered reservations have different margins, so the leaving order is not
    // `at` order; but within each kind it is: merging the two runs gives it without a sort (this
    // runs whenever the head of the queue does not fit).
    let answered = this.#nextCounted(-1, true, nowMs);
    let unanswered = this.#nextCounted(-1, false, nowMs);
    while (answered >= 0 || unanswered >= 0) {
      const takeAnswered =
        unanswered < 0 ||
        (answered >= 0 && this.#leavesAt(this.#entries[answered]!) <= this.#leavesAt(this.#entries[unanswered]!));
      const index = takeAnswered ? answered : unanswered;
      const entry = this.#entries[index]!;
      used -= entry.amount;
      if (used + amount <= this.#capacity || used <= 0)
        return Math.max(paused, Math.ceil(this.#leavesAt(entry) - nowMs) + 1);
      if (takeAnswered) answered = this.#nextCounted(index, true, nowMs);
      else unanswered = this.#nextCounted(index, false, nowMs);
    }
    return Math.max(paused, 1);
  }

  // The next entry after `index` of one kind (answered or not) still counted at `atMs`; -1: none.
  #nextCounted(index: number, accepted: boolean, atMs: number): number {
    for (let next = index + 1; next < this.#entries.length; next++) {
      const entry = this.#entries[next]!;
      if (entry.accepted === accepted && this.#countedAt(entry, atMs)) return next;
    }
    return -1;
  }

  /** Counts a reservation now; keep the entry to give part of it back. */
  take(amount: number, nowMs: number): WindowEntry {
    const entry = { at: nowMs, amount, accepted: false };
    this.#insert(entry);
    return entry;
  }

  /** Gives back part of a reservation (the provider did not count it). */
  refund(entry: WindowEntry, amount: number): void {
    entry.amount = Math.max(0, entry.amount - amount);
  }

  /** The provider accepted the reservation at `at` (never taken as earlier than reserved): it leaves the provider's window then. */
  move(entry: WindowEntry, at: number): void {
    entry.accepted = true;
    const index = this.#entries.indexOf(entry);
    if (index < 0 || at <= entry.at) return;
    this.#entries.splice(index, 1);
    entry.at = at;
    this.#insert(entry);
  }

  /**
   * Believes the provider: a new limit replaces the capacity; a `remaining` lower than this
   * window's level at `sentAtMs` (when the request answered was reserved) means other clients of
   * the same key spent the difference then, which is counted from that time.
   */
  correct(
    snapshot: { limit?: number | undefined; remaining?: number | undefined },
    nowMs: number,
    sentAtMs = nowMs,
  ): void {
    if (snapshot.limit !== undefined && snapshot.limit > 0) this.#capacity = snapshot.limit;
    if (snapshot.remaining === undefined || sentAtMs <= nowMs - this.#countedMs) return;
    const unseen = this.#capacity - this.#usedAt(sentAtMs) - snapshot.remaining;
    if (unseen > 0) this.#insert({ at: sentAtMs, amount: unseen, accepted: false });
  }

  /** The provider refused a request for this limit: nothing more until `retryAfterMs` (else until the oldest reservation leaves). */
  drain(nowMs: number, retryAfterMs?: number): void {
    this.#prune(nowMs);
    const oldest = this.#entries.find((entry) => this.#countedAt(entry, nowMs));
    const waitMs = retryAfterMs ?? (oldest === undefined ? this.#windowMs / 10 : this.#leavesAt(oldest) - nowMs);
    this.#pausedUntil = Math.max(this.#pausedUntil, nowMs + waitMs);
  }

  #usedAt(atMs: number): number {
    let used = 0;
    for (const entry of this.#entries) if (this.#countedAt(entry, atMs)) used += entry.amount;
    return used;
  }

  #leavesAt(entry: WindowEntry): number {
    return entry.at + (entry.accepted ? this.#acceptedCountedMs : this.#countedMs);
  }

  #countedAt(entry: WindowEntry, atMs: number): boolean {
    return entry.at <= atMs && this.#leavesAt(entry) > atMs;
  }

  #insert(entry: WindowEntry): void {
    let index = this.#entries.length;
    while (index > 0 && this.#entries[index - 1]!.at > entry.at) index--;
    this.#entries.splice(index, 0, entry);
  }

  #prune(nowMs: number): void {
    let expired = 0;
    while (expired < this.#entries.length && this.#entries[expired]!.at <= nowMs - 2 * this.#countedMs) expired++;
    if (expired > 0) this.#entries.splice(0, expired);
  }
}
