import { randomUUID } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeSync,
  fsyncSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { throwIfAborted } from "../errors/index.ts";
import { DatabaseLockedError } from "./errors.ts";

/** The file, inside the data folder, that says which process owns it. */
export const lockFileName = "courseforge.lock";

/** An exclusive hold on a data folder; `release` is idempotent. */
export interface FolderLock {
  /** The lock file's absolute path. */
  readonly path: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly token: string;
  readonly acquiredAt?: string;
}

// Locks held by this process, by lock file path → token. Released synchronously on exit so that a
// normal exit (including an uncaught exception) never leaves a lock behind; a killed process leaves
// its file, which the next owner recognises as stale because the PID is gone.
const heldLocks = new Map<string, string>();
let exitHandlerInstalled = false;

function releaseAllOnExit(): void {
  for (const [lockPath, token] of heldLocks) removeIfOwned(lockPath, token);
  heldLocks.clear();
}

function readOwner(lockPath: string): LockOwner | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === "number" && typeof value.hostname === "string" && typeof value.token === "string") {
      return { pid: value.pid, hostname: value.hostname, token: value.token };
    }
  } catch {
    // Half-written by an owner that is still writing it, or died while doing so.
  }
  return "unreadable";
}

function removeIfOwned(lockPath: string, token: string): void {
  const owner = readOwner(lockPath);
  if (typeof owner === "object" && owner.token === token) {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

/** True when a process with this PID exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function tryCreate(lockPath: string, owner: LockOwner): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(lockPath, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(descriptor, JSON.stringify(owner));
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

// Removes a lock file left by a dead owner. Two starting processes may both judge it stale; the
// `.takeover` file (created exclusively) lets only one of them delete it, and only if it still
// carries the dead owner's token, so a fresh lock taken meanwhile is never deleted.
function removeStaleLock(lockPath: string, staleToken: string | undefined): void {
  const takeoverPath = `${lockPath}.takeover`;
  try {
    closeSync(openSync(takeoverPath, "wx"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A takeover lasts microseconds; one this old was left by a process that died during it.
    if (ageMs(takeoverPath) > 10_000) unlinkSync(takeoverPath);
    return;
  }
  try {
    const current = readOwner(lockPath);
    const stillStale =
      staleToken === undefined ? current === "unreadable" : typeof current === "object" && current.token === staleToken;
    if (stillStale) unlinkSync(lockPath);
  } finally {
    unlinkSync(takeoverPath);
  }
}

function lockedError(folder: string, lockPath: string, owner: LockOwner | undefined): DatabaseLockedError {
  const details = { folder, lockFile: lockPath, ownerPid: owner?.pid, ownerHost: owner?.hostname };
  const ownerPid = owner === undefined ? {} : { ownerPid: owner.pid };
  if (owner?.pid === process.pid && owner.hostname === hostname()) {
    const suggestion = "Close the first Database before opening the folder again, or share the open one.";
    return new DatabaseLockedError(
      `The Courseforge data folder ${folder} is already open in this process (PID ${owner.pid}). ${suggestion}`,
      {
        ...ownerPid,
        suggestion,
        details,
      },
    );
  }
  const holder =
    owner === undefined
      ? "another Courseforge process"
      : `another Courseforge process (PID ${owner.pid}${owner.hostname === hostname() ? "" : ` on host ${owner.hostname}`})`;
  const suggestion =
    "Stop that process, point COURSEFORGE_DATA_DIR (or --data-dir) at a different folder, or set DATABASE_URL " +
    `so that several processes share one Postgres server. If you are sure no Courseforge process uses the folder, delete ${lockPath}.`;
  return new DatabaseLockedError(
    `The Courseforge data folder ${folder} is in use by ${holder}; only one process may open an embedded database. ${suggestion}`,
    {
      ...ownerPid,
      suggestion,
      details,
    },
  );
}

/**
 * Takes the exclusive lock on `folder` (created if missing) for this process, or throws
 * {@link DatabaseLockedError} naming the folder and the owner's PID. A lock whose owner process is
 * gone (on this host) is taken over. The lock is released by `release()` or when the process exits.
 */
export async function lockFolder(folder: string, options: { signal?: AbortSignal } = {}): Promise<FolderLock> {
  throwIfAborted(options.signal);
  mkdirSync(folder, { recursive: true });
  const lockPath = path.join(realpathSync(folder), lockFileName);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    token: randomUUID(),
    acquiredAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 20; attempt += 1) {
    throwIfAborted(options.signal);
    if (heldLocks.has(lockPath))
      throw lockedError(folder, lockPath, { pid: process.pid, hostname: hostname(), token: "" });
    if (tryCreate(lockPath, owner)) {
      heldLocks.set(lockPath, owner.token);
      if (!exitHandlerInstalled) {
        process.on("exit", releaseAllOnExit);
        exitHandlerInstalled = true;
      }
      let released = false;
      return {
        path: lockPath,
        release() {
          if (released) return;
          released = true;
          heldLocks.delete(lockPath);
          removeIfOwned(lockPath, owner.token);
        },
      };
    }
    const current = readOwner(lockPath);
    if (current === "missing") continue;
    if (current === "unreadable") {
      // Give a live owner time to finish writing its PID before calling the file abandoned.
      if (ageMs(lockPath) > 5_000) removeStaleLock(lockPath, undefined);
      else await sleep(50);
      continue;
    }
    if (current.hostname !== owner.hostname) throw lockedError(folder, lockPath, current);
    // Our own PID but not in `heldLocks`: left by an earlier process that had the same PID (a restarted container).
    const ownerGone = current.pid === process.pid || !isProcessAlive(current.pid);
    if (!ownerGone) throw lockedError(folder, lockPath, current);
    removeStaleLock(lockPath, current.token);
    await sleep(attempt === 0 ? 0 : 20);
  }
  throw lockedError(folder, lockPath, undefined);
}
