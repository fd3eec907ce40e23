import { verify } from "hono/jwt";
import type { Queryable } from "../db/port.ts";
import { isRole, type Caller } from "./caller.ts";

/** The audience Supabase Auth puts in a signed-in user's access token. */
export const supabaseAudience = "authenticated";

/** True when a bearer credential has the shape of a JWT (three base64url parts). */
export function looksLikeJwt(credential: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);
}

/**
 * Verifies a Supabase Auth access token (HS256, signed with the project's JWT secret; `exp`
 * required and checked, `nbf` and the `authenticated` audience checked) and finds its user: the `sub` claim must be the id of
 * an enabled user in the users table (create it with `users create --id <supabase user id>`). The
 * role comes from the users table, never from the token. Returns `undefined` when anything fails;
 * the anon and service-role keys have no `sub` and never authenticate.
 */
export async function authenticateSupabaseJwt(
  database: Queryable,
  token: string,
  secret: string,
  signal?: AbortSignal,
): Promise<Caller | undefined> {
  if (!looksLikeJwt(token)) return undefined;
  let subject: unknown;
  try {
    const payload = await verify(token, secret, { alg: "HS256", aud: supabaseAudience });
    // `verify` checks `exp` only when present; a token that never expires is refused.
    if (typeof payload.exp !== "number" || !Number.isFinite(payload.exp)) return undefined;
    subject = payload.sub;
  } catch {
    return undefined;
  }
  if (typeof subject !== "string" || subject === "" || subject.length > 128) return undefined;
  const [record] = await database.query<{ id: string; role: string }>(
    `SELECT id, role FROM users WHERE id = $1 AND disabled_at IS NULL`,
    [subject],
    {
      signal,
    },
  );
  if (record === undefined || !isRole(record.role)) return undefined;
  return { userId: record.id, role: record.role };
}
