import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../db/port.ts";
import { isRole, type Caller, type Role } from "./caller.ts";
import { UserNotFoundError } from "./errors.ts";

/** Every API token starts with this, so that a leaked one is easy to recognise (and to scan for). */
export const tokenPrefix = "cf_";

// last_used_at is written at most this often per token: a busy client would otherwise turn every
// read into a write.
const lastUsedResolutionMs = 60_000;

/** A newly issued API token: `token` is shown once and never stored. */
export interface IssuedToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly token: string;
  /** The first characters, stored to tell tokens apart in listings. */
  readonly prefix: string;
}

/** SHA-256 (hex) of a token: what the database keeps. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Issues an API token for a user: `cf_` + 32 random bytes (base64url). Only its SHA-256 and its
 * first characters are stored; the returned `token` cannot be recovered later.
 *
 * @throws {UserNotFoundError} when no user has that id.
 */
export async function issueToken(
  database: Queryable,
  userId: string,
  name = "default",
  signal?: AbortSignal,
): Promise<IssuedToken> {
  const token = `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, tokenPrefix.length + 6);
  const tokenId = `tok_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const [record] = await database.query<{ id: string }>(
    `INSERT INTO api_tokens (id, user_id, token_hash, token_prefix, name)
     SELECT $1, id, $3, $4, $5 FROM users WHERE id = $2 RETURNING id`,
    [tokenId, userId, hashToken(token), prefix, name],
    { signal },
  );
  if (record === undefined) throw new UserNotFoundError({ id: userId });
  return { tokenId, userId, token, prefix };
}

/** Revokes every token of a user; returns how many were active. */
export async function revokeTokens(database: Queryable, userId: string, signal?: AbortSignal): Promise<number> {
  const records = await database.query(
    `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
    [userId],
    { signal },
  );
  return records.length;
}

/**
 * Finds the user behind an API token. Returns `undefined` for an unknown or revoked token and for
 * a disabled user (the caller answers 401 without saying which).
 */
export async function authenticateToken(
  database: Queryable,
  token: string,
  signal?: AbortSignal,
): Promise<Caller | undefined> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return undefined;
  const [record] = await database.query<{ token_id: string; user_id: string; role: Role; last_used_at: Date | null }>(
    `SELECT t.id AS token_id, u.id AS user_id, u.role, t.last_used_at
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [hashToken(token)],
    { signal },
  );
  if (record === undefined || !isRole(record.role)) return undefined;
  if (record.last_used_at === null || Date.now() - record.last_used_at.getTime() >= lastUsedResolutionMs) {
    await database.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [record.token_id], { signal });
  }
  return { userId: record.user_id, role: record.role };
}

/** Revokes every active token with this name, whoever owns it; returns how many were active. */
export async function revokeTokensNamed(database: Queryable, name: string, signal?: AbortSignal): Promise<number> {
  const records = await database.query(
    `UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id`,
    [name],
    { signal },
  );
  return records.length;
}
