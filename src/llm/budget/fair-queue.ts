/** Who a waiting call belongs to, as the {@link FairQueue} orders it. */
export interface FairShare {
  readonly userId: string;
  /** The role's priority class: a higher class is served first. */
  readonly priority: number;
  /** Among one user's waiting entries, higher first. */
  readonly urgency: number;
}

/** Options of a {@link FairQueue}. */
export interface FairQueueOptions {
  /**
   * An entry that has waited this long is served before any younger entry of a higher class, so a
   * lower class is never starved (default: never).
   */
  readonly agingMs?: number;
}

interface Entry<T> {
  readonly item: T;
  readonly share: FairShare;
  readonly cost: number;
  readonly enqueuedAt: number;
  readonly sequence: number;
}

interface UserQueue<T> {
  readonly entries: Entry<T>[];
  /** Service received so far, in cost units (start-time fair queueing). */
  virtualTime: number;
}

interface PriorityClass<T> {
  readonly users: Map<string, UserQueue<T>>;
  /** Virtual time of the last grant in this class: a user becoming active starts no earlier. */
  virtualTime: number;
}

/** A handle to remove an entry that stopped waiting (its caller aborted). */
export interface FairQueueTicket {
  readonly sequence: number;
}

/**
 * Orders waiting calls: strict priority between classes (aged entries excepted), and within a
 * class start-time fair queueing by user: the user who has received the least service (in cost
 * units, e.g. tokens) since becoming active goes next, so a user with 20 waiting calls and a user
 * with one alternate instead of queueing in arrival order. A user's own entries go by urgency,
 * then arrival. Pure and synchronous: the caller decides when the head may be granted.
 */
export class FairQueue<T> {
  readonly #agingMs: number;
  readonly #classes = new Map<number, PriorityClass<T>>();
  #sequence = 0;
  #size = 0;

  constructor(options: FairQueueOptions = {}) {
    this.#agingMs = options.agingMs ?? Number.POSITIVE_INFINITY;
  }

  /** Entries waiting. */
  get size(): number {
    return this.#size;
  }

  /** Adds an entry costing `cost` (e.g. its tokens) at time `now`. */
  push(item: T, share: FairShare, cost: number, now: number): FairQueueTicket {
    let priorityClass = this.#classes.get(share.priority);
    if (priorityClass === undefined) {
      priorityClass = { users: new Map(), virtualTime: 0 };
      this.#classes.set(share.priority, priorityClass);
    }
    let user = priorityClass.users.get(share.userId);
    if (user === undefined) {
      // A user returning after a pause gets no credit for the time it was away.
      user = { entries: [], virtualTime: priorityClass.virtualTime };
      priorityClass.users.set(share.userId, user);
    }
    const entry: Entry<T> = { item, share, cost: Math.max(0, cost), enqueuedAt: now, sequence: this.#sequence++ };
    let index = user.entries.length;
    while (index > 0 && user.entries[index - 1]!.share.urgency < share.urgency) index--;
    user.entries.splice(index, 0, entry);
    this.#size++;
    return { sequence: entry.sequence };
  }

  /** The entry to serve next at time `now`, without removing it. */
  peek(now: number): T | undefined {
    return this.#next(now)?.entry.item;
  }

  /** Removes and returns the entry to serve next, charging its user its cost. */
  shift(now: number): T | undefined {
    const next = this.#next(now);
    if (next === undefined) return undefined;
    const { priorityClass, userId, user, entry } = next;
    user.entries.splice(user.entries.indexOf(entry), 1);
    priorityClass.virtualTime = Math.max(priorityClass.virtualTime, user.virtualTime);
    user.virtualTime += entry.cost;
    if (user.entries.length === 0) priorityClass.users.delete(userId);
    this.#size--;
    return entry.item;
  }

  /** Removes a waiting entry; false when it is no longer waiting. */
  remove(ticket: FairQueueTicket): boolean {
    for (const priorityClass of this.#classes.values()) {
      for (const [userId, user] of priorityClass.users) {
        const index = user.entries.findIndex((entry) => entry.sequence === ticket.sequence);
        if (index < 0) continue;
        user.entries.splice(index, 1);
        if (user.entries.length === 0) priorityClass.users.delete(userId);
        this.#size--;
        return true;
      }
    }
    return false;
  }

  #next(now: number): { priorityClass: PriorityClass<T>; userId: string; user: UserQueue<T>; entry: Entry<T> } | undefined {
    let best: { priorityClass: PriorityClass<T>; userId: string; user: UserQueue<T>; entry: Entry<T> } | undefined;
    let bestPriority = Number.NEGATIVE_INFINITY;
    let aged: { priorityClass: PriorityClass<T>; userId: string; user: UserQueue<T>; entry: Entry<T> } | undefined;
    for (const [priority, priorityClass] of this.#classes) {
      let classBest: { priorityClass: PriorityClass<T>; userId: string; user: UserQueue<T>; entry: Entry<T> } | undefined;
      for (const [userId, user] of priorityClass.users) {
        const entry = user.entries[0]!;
        if (classBest === undefined || user.virtualTime < classBest.user.virtualTime || (user.virtualTime === classBest.user.virtualTime && entry.sequence < classBest.entry.sequence)) {
          classBest = { priorityClass, userId, user, entry };
        }
        // The oldest entry of all that has waited past the aging limit, whatever its class.
        for (const waiting of user.entries) {
          if (now - waiting.enqueuedAt >= this.#agingMs && (aged === undefined || waiting.sequence < aged.entry.sequence)) aged = { priorityClass, userId, user, entry: waiting };
        }
      }
      if (classBest !== undefined && priority > bestPriority) {
        best = classBest;
        bestPriority = priority;
      }
    }
    return aged ?? best;
  }
}
