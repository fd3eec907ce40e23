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
  /**
   * A user with nothing waiting or in flight keeps its standing this long (a course between two
   * steps, storing one before asking for the next); after it, it is retired: no credit for the
   * time away (default 2 000 ms).
   */
  readonly idleGraceMs?: number;
  /**
   * How long the lead of a retired user is remembered when the others do not catch up (the
   * class went quiet): a user back after that starts level with the others (default 5 minutes).
   */
  readonly leadMemoryMs?: number;
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
  /** Granted entries not yet finished: a user with calls in flight is still active. */
  inFlight: number;
  /** Since when the user has had nothing waiting or in flight (`undefined`: it has). */
  idleSince: number | undefined;
}

interface PriorityClass<T> {
  /** Users with entries waiting or in flight, or idle for less than the grace period. */
  readonly users: Map<string, UserQueue<T>>;
  /** Retired users who had received more than the class when they left: how much, and when they left. */
  readonly idleAhead: Map<string, { readonly virtualTime: number; readonly since: number }>;
  /** The least service of the class's active users, never decreasing: where a user becoming active starts. */
  virtualTime: number;
}

/** The entry to serve next; `take` grants it (peek and take without a change between: one scan of the users). */
export interface FairHead<T> {
  readonly item: T;
  take(): FairGrant<T>;
}

/** A granted entry; `finish` it when its call ends (the user stays active while it runs). */
export interface FairGrant<T> {
  readonly item: T;
  finish(now: number): void;
}

interface Candidate<T> {
  readonly user: UserQueue<T>;
  readonly entry: Entry<T>;
}

/** A handle to remove an entry that stopped waiting (its caller aborted). */
export interface FairQueueTicket {
  readonly sequence: number;
}

/**
 * Orders waiting calls: strict priority between classes (aged entries excepted), and within a
 * class start-time fair queueing by user: the user who has received the least service (in cost
 * units, e.g. tokens) since becoming active goes next, so a user with 20 waiting calls and a user
 * with one alternate instead of queueing in arrival order. A user stays active while a granted
 * call runs ({@link FairGrant.finish}), so a course between two steps keeps its standing; a user
 * becoming active starts level with the least served active user (no credit for time away) or at
 * the lead it left with. A user's own entries go by urgency, then arrival. Pure and synchronous:
 * the caller decides when the head may be granted.
 */
export class FairQueue<T> {
  readonly #agingMs: number;
  readonly #idleGraceMs: number;
  readonly #leadMemoryMs: number;
  readonly #classes = new Map<number, PriorityClass<T>>();
  #sequence = 0;
  #size = 0;

  constructor(options: FairQueueOptions = {}) {
    this.#agingMs = options.agingMs ?? Number.POSITIVE_INFINITY;
    this.#idleGraceMs = options.idleGraceMs ?? 2_000;
    this.#leadMemoryMs = options.leadMemoryMs ?? 300_000;
  }

  /** Entries waiting. */
  get size(): number {
    return this.#size;
  }

  /** Adds an entry costing `cost` (e.g. its tokens) at time `now`. */
  push(item: T, share: FairShare, cost: number, now: number): FairQueueTicket {
    let priorityClass = this.#classes.get(share.priority);
    if (priorityClass === undefined) {
      priorityClass = { users: new Map(), idleAhead: new Map(), virtualTime: 0 };
      this.#classes.set(share.priority, priorityClass);
    }
    this.#retireIdle(priorityClass, now);
    let user = priorityClass.users.get(share.userId);
    if (user === undefined) {
      // No credit for the time away, but the lead it left with is kept.
      user = {
        entries: [],
        virtualTime: Math.max(this.#floor(priorityClass), priorityClass.idleAhead.get(share.userId)?.virtualTime ?? 0),
        inFlight: 0,
        idleSince: undefined,
      };
      priorityClass.idleAhead.delete(share.userId);
      priorityClass.users.set(share.userId, user);
    }
    user.idleSince = undefined;
    const entry: Entry<T> = { item, share, cost: Math.max(0, cost), enqueuedAt: now, sequence: this.#sequence++ };
    let index = user.entries.length;
    while (index > 0 && user.entries[index - 1]!.share.urgency < share.urgency) index--;
    user.entries.splice(index, 0, entry);
    this.#size++;
    return { sequence: entry.sequence };
  }

  /** The entry to serve next at time `now`, without removing it: `take` grants it, as long as the queue has not changed since. */
  peek(now: number): FairHead<T> | undefined {
    const next = this.#next(now);
    return next === undefined ? undefined : { item: next.entry.item, take: () => this.#take(next) };
  }

  /** Removes and returns the entry to serve next, charging its user its cost; the user stays active until the grant is finished. */
  shift(now: number): FairGrant<T> | undefined {
    return this.peek(now)?.take();
  }

  /** Removes a waiting entry at time `now`; false when it is no longer waiting. */
  remove(ticket: FairQueueTicket, now: number): boolean {
    for (const priorityClass of this.#classes.values()) {
      for (const user of priorityClass.users.values()) {
        const index = user.entries.findIndex((entry) => entry.sequence === ticket.sequence);
        if (index < 0) continue;
        user.entries.splice(index, 1);
        this.#markIfIdle(user, now);
        this.#size--;
        return true;
      }
    }
    return false;
  }

  #take({ user, entry }: Candidate<T>): FairGrant<T> {
    const index = user.entries.indexOf(entry);
    // Taken twice, or removed meanwhile: granting it again would charge a call that is not waiting.
    if (index < 0) throw new Error("This queue entry is no longer waiting: peek again before taking.");
    user.entries.splice(index, 1);
    user.virtualTime += entry.cost;
    user.inFlight++;
    this.#size--;
    let finished = false;
    return {
      item: entry.item,
      finish: (finishedAt) => {
        if (finished) return;
        finished = true;
        user.inFlight--;
        this.#markIfIdle(user, finishedAt);
      },
    };
  }

  // The least service among the class's active users; with none active, where the last one was.
  #floor(priorityClass: PriorityClass<T>): number {
    let least = Number.POSITIVE_INFINITY;
    for (const user of priorityClass.users.values()) least = Math.min(least, user.virtualTime);
    if (Number.isFinite(least)) priorityClass.virtualTime = Math.max(priorityClass.virtualTime, least);
    return priorityClass.virtualTime;
  }

  #markIfIdle(user: UserQueue<T>, now: number): void {
    if (user.entries.length === 0 && user.inFlight === 0) user.idleSince = now;
  }

  // A user idle past the grace period leaves the class; a lead over the others is kept until they
  // catch up, so a course whose calls got the tokens while the others' outlines were still
  // running does not come back as the least served.
  #retireIdle(priorityClass: PriorityClass<T>, now: number): void {
    for (const [userId, user] of priorityClass.users) {
      if (user.idleSince === undefined || now - user.idleSince < this.#idleGraceMs) continue;
      priorityClass.users.delete(userId);
      priorityClass.idleAhead.set(userId, { virtualTime: user.virtualTime, since: user.idleSince });
    }
    // Pushes are the hot path: with no lead remembered there is nothing to prune.
    if (priorityClass.idleAhead.size === 0) return;
    const floor = this.#floor(priorityClass);
    for (const [idleUserId, lead] of priorityClass.idleAhead) {
      if (lead.virtualTime <= floor || now - lead.since >= this.#leadMemoryMs)
        priorityClass.idleAhead.delete(idleUserId);
    }
  }

  #next(now: number): Candidate<T> | undefined {
    let best: Candidate<T> | undefined;
    let bestPriority = Number.NEGATIVE_INFINITY;
    // A class holding an entry that has waited past the aging limit is served as if it were the
    // highest (the oldest such entry decides between classes); within a class the fair order holds,
    // so aging lifts a starved class without letting a user's old calls jump its own class.
    let aged: { candidate: Candidate<T>; sequence: number } | undefined;
    for (const [priority, priorityClass] of this.#classes) {
      let classBest: Candidate<T> | undefined;
      let oldestAged = Number.POSITIVE_INFINITY;
      for (const user of priorityClass.users.values()) {
        const entry = user.entries[0];
        if (entry === undefined) continue;
        if (
          classBest === undefined ||
          user.virtualTime < classBest.user.virtualTime ||
          (user.virtualTime === classBest.user.virtualTime && entry.sequence < classBest.entry.sequence)
        ) {
          classBest = { user, entry };
        }
        for (const waiting of user.entries) {
          if (now - waiting.enqueuedAt >= this.#agingMs) oldestAged = Math.min(oldestAged, waiting.sequence);
        }
      }
      if (classBest === undefined) continue;
      if (oldestAged < (aged?.sequence ?? Number.POSITIVE_INFINITY))
        aged = { candidate: classBest, sequence: oldestAged };
      if (priority > bestPriority) {
        best = classBest;
        bestPriority = priority;
      }
    }
    return aged?.candidate ?? best;
  }
}
