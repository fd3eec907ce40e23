import type { Database } from "../db/index.ts";
import { writeServiceLink } from "../service-link/index.ts";
import { findOldestActiveAdmin, issueToken, revokeTokensNamed } from "../users/index.ts";

/** The name of the API token a running service issues for the local CLI (one at a time). */
export const localCliTokenName = "local-cli (while the service runs)";

/** The link a service published; `unpublish` removes the file and revokes the credential. */
export interface PublishedLink {
  readonly path: string;
  unpublish(): Promise<void>;
}

/**
 * Lets the CLI of the data folder's owner reach this service while it holds the embedded database:
 * issues a fresh admin token (for the oldest active admin, so that what the CLI creates has an
 * owner) and writes it with the API's URL into the folder, readable only by its owner. A token left
 * by a killed service is revoked first. `undefined` when there is no active admin to act as.
 */
export async function publishLocalLink(
  database: Database,
  options: { dataDir: string; url: string; workers: boolean; signal?: AbortSignal },
): Promise<PublishedLink | undefined> {
  await revokeTokensNamed(database, localCliTokenName, options.signal);
  const admin = await findOldestActiveAdmin(database, options.signal);
  if (admin === undefined) return undefined;
  const issued = await issueToken(database, admin.id, localCliTokenName, options.signal);
  const file = writeServiceLink(options.dataDir, { url: options.url, token: issued.token, workers: options.workers });
  return {
    path: file.path,
    async unpublish() {
      file.remove();
      await revokeTokensNamed(database, localCliTokenName);
    },
  };
}
