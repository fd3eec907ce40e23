import type { Queryable } from "../db/port.ts";
import type { Caller } from "./caller.ts";
import { createSupabaseSignIn, type SupabaseSignIn } from "./supabase-sign-in.ts";
import { authenticateToken, tokenPrefix } from "./tokens.ts";

/** How bearer credentials are checked. */
export interface AuthenticateOptions {
  /**
   * The Supabase sign-in ({@link createSupabaseSignIn}), built once so that JWKS keys stay cached;
   * without it (and without `supabaseJwtSecret`), JWTs are not accepted.
   */
  readonly supabase?: SupabaseSignIn | undefined;
  /** Shorthand for a sign-in with the legacy HS256 secret only (users are provisioned). Never logged. */
  readonly supabaseJwtSecret?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Finds the caller behind a bearer credential: an API token (`cf_…`) or, when Supabase sign-in is
 * configured, a Supabase access token. `undefined` when it authenticates no one.
 */
export async function authenticate(
  database: Queryable,
  bearer: string,
  options: AuthenticateOptions = {},
): Promise<Caller | undefined> {
  if (bearer.startsWith(tokenPrefix)) return authenticateToken(database, bearer, options.signal);
  const signIn =
    options.supabase ??
    (options.supabaseJwtSecret === undefined || options.supabaseJwtSecret === ""
      ? undefined
      : createSupabaseSignIn({ jwtSecret: options.supabaseJwtSecret }));
  return signIn === undefined ? undefined : signIn(database, bearer, options.signal);
}
