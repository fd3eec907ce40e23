import type pg from "pg";
import { throwIfAborted } from "../errors/index.ts";
import { assertChannelName } from "./channel-name.ts";
import { toDatabaseError, type ConnectionContext } from "./driver-errors.ts";
import type { NotificationListener } from "./port.ts";

/** What {@link PostgresListener} needs. */
export interface PostgresListenerOptions {
  /** Makes a new, unconnected client (outside the pool: a pooled one would be lent back and reused). */
  readonly createClient: () => pg.Client;
  readonly connection: ConnectionContext;
  /** Called with each error of the listening connection (it is then re-established). */
  readonly onError?: (error: Error) => void;
  /** First pause before reconnecting (doubling up to `maxDelayMs`). Default 250 ms. */
  readonly firstDelayMs?: number;
  /** Longest pause between reconnection attempts. Default 5 s. */
  readonly maxDelayMs?: number;
}

interface Registration {
  readonly listener: NotificationListener;
  // Set while notifications for this listener may have been lost: it is told once listening resumes.
  missed: boolean;
}

/**
 * The one listening connection of a `pg` database: `LISTEN`s every channel some listener follows
 * and fans each notification out in memory. When the connection drops (a Postgres restart, a
 * failover, a network cut) it reconnects with backoff, listens again, and tells each listener
 * that notifications may have been missed.
 */
export class PostgresListener {
  readonly #options: PostgresListenerOptions;
  readonly #channels = new Map<string, Set<Registration>>();
  #client: pg.Client | undefined;
  #listening = new Set<string>();
  #connecting: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #delayMs: number;
  #closed = false;
  readonly #ended = new WeakSet<pg.Client>();

  constructor(options: PostgresListenerOptions) {
    this.#options = options;
    this.#delayMs = options.firstDelayMs ?? 250;
  }

  /** See `Database.listen`. */
  async listen(
    channel: string,
    listener: NotificationListener,
    signal: AbortSignal | undefined,
  ): Promise<() => Promise<void>> {
    assertChannelName(channel);
    throwIfAborted(signal);
    const registration: Registration = { listener, missed: false };
    let registrations = this.#channels.get(channel);
    if (registrations === undefined) this.#channels.set(channel, (registrations = new Set()));
    registrations.add(registration);
    if (this.#client === undefined && this.#connecting === undefined && this.#retryTimer === undefined)
      this.#connecting = this.#connect();
    await this.#connecting?.catch(() => undefined);
    try {
      if (this.#client !== undefined) await this.#listenOn(this.#client, channel);
    } catch {
      // The connection broke while listening: the reconnection listens again.
    }
    if (!this.#listening.has(channel)) registration.missed = true;
    return async () => {
      const current = this.#channels.get(channel);
      if (current === undefined || !current.delete(registration) || current.size > 0) return;
      this.#channels.delete(channel);
      const client = this.#client;
      if (client !== undefined && this.#listening.delete(channel))
        await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  /** Closes the listening connection; listeners hear nothing more. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #listenOn(client: pg.Client, channel: string): Promise<void> {
    if (this.#listening.has(channel)) return;
    this.#listening.add(channel);
    try {
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.#listening.delete(channel);
      throw error;
    }
  }

  async #connect(): Promise<void> {
    const client = this.#options.createClient();
    client.on("notification", (message) => this.#deliver(message.channel, message.payload ?? ""));
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, undefined));
    try {
      await client.connect();
      if (this.#closed) {
        this.#ended.add(client);
        await client.end().catch(() => undefined);
        return;
      }
      this.#listening = new Set();
      this.#client = client;
      for (const channel of [...this.#channels.keys()]) await this.#listenOn(client, channel);
    } catch (error) {
      this.#lost(client, toDatabaseError(error, { connection: this.#options.connection }));
      throw error;
    } finally {
      this.#connecting = undefined;
    }
    if (this.#client !== client) return;
    this.#delayMs = this.#options.firstDelayMs ?? 250;
    for (const registrations of this.#channels.values()) {
      for (const registration of registrations) {
        if (!registration.missed) continue;
        registration.missed = false;
        this.#call(() => registration.listener.onReconnect?.());
      }
    }
  }

  #deliver(channel: string, payload: string): void {
    for (const registration of this.#channels.get(channel) ?? [])
      this.#call(() => registration.listener.onNotification(payload));
  }

  #call(notify: () => void): void {
    try {
      notify();
    } catch {
      // One listener's failure must not keep the others from hearing.
    }
  }

  // Called for each error and the end of a client, and for a failed connection attempt: acts once per client.
  #lost(client: pg.Client, error: Error | undefined): void {
    if (error !== undefined && !this.#closed) this.#options.onError?.(error);
    if (this.#ended.has(client)) return;
    this.#ended.add(client);
    if (this.#client === client) this.#client = undefined;
    else if (this.#client !== undefined) return;
    this.#listening = new Set();
    for (const registrations of this.#channels.values())
      for (const registration of registrations) registration.missed = true;
    client.end().catch(() => undefined);
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delayMs = this.#delayMs;
    this.#delayMs = Math.min(delayMs * 2, this.#options.maxDelayMs ?? 5_000);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#closed || this.#client !== undefined || this.#connecting !== undefined) return;
      this.#connecting = this.#connect();
      this.#connecting.catch(() => undefined);
    }, delayMs);
    this.#retryTimer.unref();
  }
}
