import type { Queryable } from "../db/port.ts";
import { CourseforgeError } from "../errors/index.ts";
import { isRole, type Caller, type Role } from "./caller.ts";
import { createSupabaseJwtVerifier, type SupabaseJwtOptions, type VerifiedClaims } from "./supabase-jwt.ts";
import { createUser, userIdPattern } from "./users.ts";

/** How Supabase users sign in: the token checks, and what a first sign-in creates. */
export interface SupabaseSignInOptions extends SupabaseJwtOptions {
  /** Create the user on its first sign-in (default `true`); otherwise only users created beforehand sign in. */
  readonly provisionUsers?: boolean | undefined;
  /**
   * Dotted path of the claim that holds the role, e.g. `app_metadata.role` (set by the platform,
   * never by the user). When the claim names a role, the user has that role, also after a change.
   * Absent: roles are kept in Courseforge's users table only.
   */
  readonly roleClaim?: string | undefined;
  /** The role of a user created on first sign-in when the role claim gives none (default `student`). */
  readonly defaultRole?: Role | undefined;
}

/** Finds (or, on first sign-in, creates) the user behind a Supabase access token; `undefined` for no one. */
export type SupabaseSignIn = (database: Queryable, token: string, signal?: AbortSignal) => Promise<Caller | undefined>;

/** The value at a dotted `path` of the claims (`app_metadata.role`), or `undefined`. */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = claims;
  for (const segment of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

// Phone or anonymous sign-ins carry no email; the users table needs a unique one. `.invalid` is a
// reserved top-level domain: no mail is ever sent there.
function emailOf(claims: VerifiedClaims): string {
  const email = claims.email;
  return typeof email === "string" && email.trim() !== "" ? email : `${claims.sub}@supabase-user.invalid`;
}

interface StoredUser extends Record<string, unknown> {
  id: string;
  role: string;
  disabled_at: Date | null;
}

async function findStored(database: Queryable, id: string, signal?: AbortSignal): Promise<StoredUser | undefined> {
  const [record] = await database.query<StoredUser>(`SELECT id, role, disabled_at FROM users WHERE id = $1`, [id], {
    signal,
  });
  return record;
}

/**
 * Builds the Supabase sign-in: verifies the token (see {@link createSupabaseJwtVerifier}; one
 * verifier, so fetched keys are cached across requests), then finds the user whose id is the
 * token's `sub`. A user seen for the first time is created (id = `sub`, the token's `email`, the
 * role from `roleClaim` or `defaultRole`) unless `provisionUsers` is `false`. A disabled user stays
 * disabled whatever its token says. A first sign-in whose email belongs to another user is refused
 * (that user was created with another id; link them by creating it with `--id <sub>`).
 */
export function createSupabaseSignIn(options: SupabaseSignInOptions): SupabaseSignIn {
  const verify = createSupabaseJwtVerifier(options);
  const provision = options.provisionUsers ?? true;
  const defaultRole = options.defaultRole ?? "student";
  const { roleClaim } = options;

  return async (database, token, signal) => {
    const claims = await verify(token, signal);
    if (claims === undefined) return undefined;
    const claimed = roleClaim === undefined ? undefined : claimAt(claims, roleClaim);
    const claimedRole = isRole(claimed) ? claimed : undefined;

    let stored = await findStored(database, claims.sub, signal);
    if (stored === undefined) {
      if (!provision || !userIdPattern.test(claims.sub)) return undefined;
      try {
        const created = await createUser(
          database,
          { id: claims.sub, email: emailOf(claims), role: claimedRole ?? defaultRole },
          signal,
        );
        return { userId: created.id, role: created.role };
      } catch (error) {
        // A bad email claim or an email taken by another user refuses the sign-in; anything else
        // (the database down) is not the token's fault and must not look like a bad credential.
        if (!CourseforgeError.isInstance(error) || (error.code !== "USER_EXISTS" && error.code !== "INVALID_INPUT"))
          throw error;
        // Another request of the same first sign-in may have created it meanwhile (its email then
        // looks taken too): use that row. Otherwise the email is another user's.
        if (error.code === "USER_EXISTS") stored = await findStored(database, claims.sub, signal);
        if (stored === undefined) return undefined;
      }
    }
    if (stored.disabled_at !== null || !isRole(stored.role)) return undefined;
    if (claimedRole === undefined || claimedRole === stored.role) return { userId: stored.id, role: stored.role };
    const [updated] = await database.query<{ role: string }>(
      `UPDATE users SET role = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING role`,
      [stored.id, claimedRole],
      { signal },
    );
    return updated !== undefined && isRole(updated.role) ? { userId: stored.id, role: updated.role } : undefined;
  };
}
