import { randomUUID } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { z } from "zod";
import { isProcessAlive } from "../db/index.ts";

/** The file, inside the PGlite data folder, through which a running service lets the local CLI in. */
export const serviceLinkFileName = "courseforge.service.json";

const ServiceLinkSchema = z.object({
  formatVersion: z.literal(1),
  url: z.url(),
  pid: z.int().positive(),
  hostname: z.string(),
  token: z.string().min(1),
  /** Whether the service also runs workers (`courseforge start`), or only the API (`serve`). */
  workers: z.boolean(),
  startedAt: z.string(),
});

/**
 * What a running service publishes for the CLI of the folder's owner: where its API listens, which
 * process it is, and a local admin credential valid only while that process runs.
 */
export type ServiceLink = z.output<typeof ServiceLinkSchema>;

/** Why a link file was not used; `undefined` from {@link readServiceLink} means there is none. */
export type StaleReason = "unreadable" | "unsafe-permissions" | "process-gone" | "other-host";

/** The link file's path in `dataDir`. */
export function serviceLinkPath(dataDir: string): string {
  return path.join(dataDir, serviceLinkFileName);
}

/**
 * Writes the link file (mode 0600: only the folder's owner may read the credential), replacing any
 * earlier one whole. Returns a `remove` that deletes it only if it is still this process's file.
 */
export function writeServiceLink(
  dataDir: string,
  link: Omit<ServiceLink, "formatVersion" | "pid" | "hostname" | "startedAt">,
): { readonly path: string; remove(): void } {
  const file = serviceLinkPath(dataDir);
  const content: ServiceLink = {
    formatVersion: 1,
    ...link,
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  const temporary = `${file}.${randomUUID()}.tmp`;
  // Created 0600 from the start, so the credential is never readable by others, not even briefly.
  const descriptor = openSync(temporary, "wx", 0o600);
  try {
    writeSync(descriptor, JSON.stringify(content));
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, file);
  let removed = false;
  return {
    path: file,
    remove() {
      if (removed) return;
      removed = true;
      const current = readLinkFile(file);
      if (typeof current === "object" && current.token === link.token && current.pid === process.pid) {
        try {
          unlinkSync(file);
        } catch {
          // Already gone.
        }
      }
    },
  };
}

function readLinkFile(file: string): ServiceLink | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable";
  }
  try {
    const parsed = ServiceLinkSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable";
  }
}

/**
 * Reads the link file of `dataDir`: the link when its process runs on this host, else why not
 * (`undefined`: no file). A file others could have written is refused: its URL could send this
 * user's commands elsewhere.
 */
export function readServiceLink(dataDir: string): ServiceLink | { readonly stale: StaleReason } | undefined {
  const file = serviceLinkPath(dataDir);
  const link = readLinkFile(file);
  if (link === "missing") return undefined;
  if (link === "unreadable") return { stale: "unreadable" };
  const stats = statSync(file);
  const ownUid = process.getuid?.();
  if ((stats.mode & 0o077) !== 0 || (ownUid !== undefined && stats.uid !== ownUid))
    return { stale: "unsafe-permissions" };
  if (link.hostname !== hostname()) return { stale: "other-host" };
  if (!isProcessAlive(link.pid)) return { stale: "process-gone" };
  return link;
}
