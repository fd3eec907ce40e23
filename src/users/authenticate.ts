import type { Queryable } from "../db/port.ts";
import type { Caller } from "./caller.ts";
import { authenticateSupabaseJwt } from "./supabase-jwt.ts";
import { authenticateToken, tokenPrefix } from "./tokens.ts";

/** How bearer credentials are checked. */
export interface AuthenticateOptions {
  /** Supabase project JWT secret; without it, JWTs are not accepted. Never logged. */
  readonly supabaseJwtSecret?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Finds the caller behind a bearer credential: an API token (`cf_…`) or, when a Supabase JWT
 * secret is configured, a Supabase access token. `undefined` when it authenticates no one.
 */
export async function authenticate(
  database: Queryable,
  bearer: string,
  options: AuthenticateOptions = {},
): Promise<Caller | undefined> {
  if (bearer.startsWith(tokenPrefix)) return authenticateToken(database, bearer, options.signal);
  if (options.supabaseJwtSecret !== undefined && options.supabaseJwtSecret !== "") {
    return authenticateSupabaseJwt(database, bearer, options.supabaseJwtSecret, options.signal);
  }
  return undefined;
}
