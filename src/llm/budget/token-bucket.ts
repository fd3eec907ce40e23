/**
 * A per-window (per-minute) allowance of requests or tokens, refilled continuously, as providers'
 * RPM/TPM limits are. The level may go negative when a reservation was an underestimate.
 */
export class TokenBucket {
  #capacity: number;
  #level: number;
  #updatedAtMs: number;
  readonly #windowMs: number;

  constructor(capacityPerMinute: number, nowMs: number, windowMs = 60_000) {
    this.#windowMs = windowMs;
    this.#capacity = capacityPerMinute;
    this.#level = capacityPerMinute;
    this.#updatedAtMs = nowMs;
  }

  /** The allowance per minute. */
  get capacity(): number {
    return this.#capacity;
  }

  /** What may be taken now. */
  level(nowMs: number): number {
    this.#refill(nowMs);
    return this.#level;
  }

  /** Milliseconds until `amount` can be taken (0: now). An amount over the capacity waits for a full bucket. */
  waitMs(amount: number, nowMs: number): number {
    this.#refill(nowMs);
    const needed = Math.min(amount, this.#capacity) - this.#level;
    return needed <= 0 ? 0 : Math.ceil(needed / this.#perMs());
  }

  /** Takes `amount` (may leave the level negative). */
  take(amount: number, nowMs: number): void {
    this.#refill(nowMs);
    this.#level -= amount;
  }

  /** Gives back what a reservation did not use. */
  refund(amount: number, nowMs: number): void {
    this.#refill(nowMs);
    this.#level = Math.min(this.#capacity, this.#level + amount);
  }

  /**
   * Believes the provider: a new limit replaces the capacity, and a lower `remaining` than we
   * think is left (other clients of the same key spend it too) lowers the level.
   */
  correct(snapshot: { limit?: number | undefined; remaining?: number | undefined }, nowMs: number): void {
    this.#refill(nowMs);
    if (snapshot.limit !== undefined && snapshot.limit > 0 && snapshot.limit !== this.#capacity) {
      this.#level += snapshot.limit - this.#capacity;
      this.#capacity = snapshot.limit;
    }
    if (snapshot.remaining !== undefined) this.#level = Math.min(this.#level, snapshot.remaining);
  }

  /** Empties the bucket (after a 429: the provider says there is nothing left). */
  drain(nowMs: number): void {
    this.#refill(nowMs);
    this.#level = Math.min(this.#level, 0);
  }

  #perMs(): number {
    return this.#capacity / this.#windowMs;
  }

  #refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.#updatedAtMs);
    this.#level = Math.min(this.#capacity, this.#level + elapsed * this.#perMs());
    this.#updatedAtMs = nowMs;
  }
}
