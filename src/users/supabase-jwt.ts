import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { throwIfAborted } from "../errors/index.ts";

/** The audience Supabase Auth puts in a signed-in user's access token. */
export const supabaseAudience = "authenticated";

/** The asymmetric algorithms of Supabase's JWT signing keys (ECC P-256 and RSA). */
export const supabaseAsymmetricAlgorithms = ["ES256", "RS256"] as const;

/** True when a bearer credential has the shape of a JWT (three base64url parts). */
export function looksLikeJwt(credential: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);
}

/** How Supabase Auth access tokens are verified; at least one of `jwtSecret` and `jwksUrl`. */
export interface SupabaseJwtOptions {
  /** The project's legacy JWT secret (HS256). Never logged. */
  readonly jwtSecret?: string | undefined;
  /** The project's JWKS (`https://<ref>.supabase.co/auth/v1/.well-known/jwks.json`): ES256/RS256 keys. */
  readonly jwksUrl?: string | undefined;
  /** The expected `iss` (`https://<ref>.supabase.co/auth/v1`); required with `jwksUrl`, checked whenever set. */
  readonly issuer?: string | undefined;
  /** The expected `aud` (default `authenticated`). */
  readonly audience?: string | undefined;
  /**
   * Shortest time between two JWKS fetches caused by an unknown key id (default 30 s): a flood of
   * tokens naming made-up key ids costs at most one fetch per period.
   */
  readonly jwksRefreshCooldownMs?: number | undefined;
  /** How long fetched keys are used before they are fetched again (default 10 min). */
  readonly jwksCacheMaxAgeMs?: number | undefined;
  /** Longest wait for the JWKS endpoint (default 5 s). */
  readonly jwksTimeoutMs?: number | undefined;
}

/** The claims Courseforge reads from a verified access token. */
export interface VerifiedClaims extends JWTPayload {
  readonly sub: string;
  readonly exp: number;
}

/** Checks an access token's signature and claims; `undefined` for any token that is not valid. */
export type SupabaseJwtVerifier = (token: string, signal?: AbortSignal) => Promise<VerifiedClaims | undefined>;

/**
 * Builds the verifier of Supabase Auth access tokens: HS256 tokens with the legacy secret, ES256
 * and RS256 tokens with the project's JWKS (fetched on first use, cached, fetched again when a
 * token names a key id the cache lacks — a key rotation — at most once per cooldown). Every token
 * needs a signature by one of those keys, an `exp` (a token that never expires is refused), the
 * audience, the issuer when one is set, and a `sub` of at most 128 characters. The algorithm is
 * taken from the configured keys, never trusted from the token (`alg: none`, or HS256 signed with
 * a public key, are refused).
 */
export function createSupabaseJwtVerifier(options: SupabaseJwtOptions): SupabaseJwtVerifier {
  const audience = options.audience ?? supabaseAudience;
  const claimChecks = {
    audience,
    requiredClaims: ["exp", "sub"],
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
  };
  const secret =
    options.jwtSecret === undefined || options.jwtSecret === ""
      ? undefined
      : new TextEncoder().encode(options.jwtSecret);
  const keySet: JWTVerifyGetKey | undefined =
    options.jwksUrl === undefined
      ? undefined
      : createRemoteJWKSet(new URL(options.jwksUrl), {
          cooldownDuration: options.jwksRefreshCooldownMs ?? 30_000,
          cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
          timeoutDuration: options.jwksTimeoutMs ?? 5_000,
        });

  return async (token, signal) => {
    throwIfAborted(signal);
    if (!looksLikeJwt(token)) return undefined;
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      return undefined;
    }
    let payload: JWTPayload;
    try {
      if (algorithm === "HS256" && secret !== undefined) {
        payload = (await jwtVerify(token, secret, { ...claimChecks, algorithms: ["HS256"] })).payload;
      } else if (keySet !== undefined && (supabaseAsymmetricAlgorithms as readonly unknown[]).includes(algorithm)) {
        payload = (await jwtVerify(token, keySet, { ...claimChecks, algorithms: [...supabaseAsymmetricAlgorithms] }))
          .payload;
      } else {
        return undefined;
      }
    } catch {
      // Bad signature, expired, wrong audience or issuer, unknown key id after the refresh, JWKS unreachable.
      return undefined;
    }
    throwIfAborted(signal);
    const { sub, exp } = payload;
    if (typeof sub !== "string" || sub === "" || sub.length > 128) return undefined;
    if (typeof exp !== "number" || !Number.isFinite(exp)) return undefined;
    return { ...payload, sub, exp };
  };
}
