import type { Database } from "../db/index.ts";
import { createUser, hasAnyUser, issueToken } from "../users/index.ts";

export { adminNeverSignedIn } from "../users/index.ts";

/** The admin the first start creates. */
export const firstAdminEmail = "admin@courseforge.local";

/** On an empty database, the person who just ran `npm start` is its admin: give them a token once. */
export async function createFirstAdmin(database: Database): Promise<string | undefined> {
  if (await hasAnyUser(database)) return undefined;
  const user = await createUser(database, { email: firstAdminEmail, role: "admin" });
  const issued = await issueToken(database, user.id, "first-start");
  return issued.token;
}
