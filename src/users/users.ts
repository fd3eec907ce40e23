import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "../db/port.ts";
import { InvalidInputError } from "../errors/index.ts";
import { roles, type Role, type User } from "./caller.ts";
import { UserExistsError } from "./errors.ts";

/** User ids: ours are `usr_…`; a Supabase user keeps its auth id (a UUID) so that a JWT's `sub` finds it. */
export const userIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const newUserInput = z.strictObject({
  email: z
    .email({
      error: (issue) =>
        `email must be an email address such as ada@example.com; got ${JSON.stringify(issue.input) ?? "nothing"}`,
    })
    .max(320, { error: "email must be at most 320 characters" }),
  role: z.enum(roles, {
    error: (issue) => `role must be one of ${roles.join(", ")}; got ${JSON.stringify(issue.input) ?? "nothing"}`,
  }),
  id: z
    .string()
    .regex(userIdPattern, { error: "id must be 1-128 letters, digits or . _ : - (a Supabase user id is a UUID)" })
    .optional(),
});

/** What {@link createUser} needs: an email, a role and, for a Supabase user, its auth id. */
export type NewUser = z.input<typeof newUserInput>;

interface UserRecord extends Record<string, unknown> {
  id: string;
  email: string;
  role: Role;
  disabled_at: Date | null;
  created_at: Date;
}

function toUser(record: UserRecord): User {
  return {
    id: record.id,
    email: record.email,
    role: record.role,
    disabledAt: record.disabled_at,
    createdAt: record.created_at,
  };
}

function newUserId(): string {
  return `usr_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

/**
 * Stores a new user. The email is trimmed and lowercased.
 *
 * @throws {InvalidInputError} naming the bad field (`details.field`).
 * @throws {UserExistsError} (`USER_EXISTS`) when the email or id is taken.
 */
export async function createUser(database: Queryable, input: NewUser, signal?: AbortSignal): Promise<User> {
  const parsed = newUserInput.safeParse({
    ...input,
    email: typeof input.email === "string" ? input.email.trim().toLowerCase() : input.email,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === "unrecognized_keys" ? issue.keys[0] : String(issue.path[0] ?? "user");
    throw new InvalidInputError(
      issue.code === "unrecognized_keys"
        ? `unknown field "${field}"; allowed fields are email, role, id`
        : issue.message,
      {
        details: { field },
      },
    );
  }
  const { email, role } = parsed.data;
  const id = parsed.data.id ?? newUserId();
  const [record] = await database.query<UserRecord>(
    `INSERT INTO users (id, email, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING *`,
    [id, email, role],
    { signal },
  );
  if (record !== undefined) return toUser(record);
  const [taken] = await database.query<{ email: string }>(`SELECT email FROM users WHERE email = $1`, [email], {
    signal,
  });
  throw taken === undefined ? new UserExistsError("id", id) : new UserExistsError("email", email);
}

/** Reads one user by id, or `undefined`. */
export async function findUser(database: Queryable, id: string, signal?: AbortSignal): Promise<User | undefined> {
  const [record] = await database.query<UserRecord>(`SELECT * FROM users WHERE id = $1`, [id], { signal });
  return record === undefined ? undefined : toUser(record);
}

/** Reads one user by email (case-insensitive), or `undefined`. */
export async function findUserByEmail(
  database: Queryable,
  email: string,
  signal?: AbortSignal,
): Promise<User | undefined> {
  const [record] = await database.query<UserRecord>(
    `SELECT * FROM users WHERE email = $1`,
    [email.trim().toLowerCase()],
    { signal },
  );
  return record === undefined ? undefined : toUser(record);
}

/** The oldest admin that is not disabled, or `undefined`. */
export async function findOldestActiveAdmin(database: Queryable, signal?: AbortSignal): Promise<User | undefined> {
  const [record] = await database.query<UserRecord>(
    `SELECT * FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY created_at, id LIMIT 1`,
    [],
    { signal },
  );
  return record === undefined ? undefined : toUser(record);
}

/** A user with a summary of its API tokens, for `users list` and the admin API. */
export interface UserListing extends User {
  /** Tokens not revoked. */
  readonly activeTokens: number;
  readonly lastUsedAt: Date | null;
}

/** Every user, oldest first, with token counts. */
export async function listUsers(database: Queryable, signal?: AbortSignal): Promise<UserListing[]> {
  const records = await database.query<UserRecord & { active_tokens: number; last_used_at: Date | null }>(
    `SELECT u.*, count(t.id) FILTER (WHERE t.revoked_at IS NULL) AS active_tokens, max(t.last_used_at) AS last_used_at
       FROM users u LEFT JOIN api_tokens t ON t.user_id = u.id
      GROUP BY u.id ORDER BY u.created_at, u.id`,
    [],
    { signal },
  );
  return records.map((record) => ({
    ...toUser(record),
    activeTokens: record.active_tokens,
    lastUsedAt: record.last_used_at,
  }));
}

/**
 * Disables a user: its tokens and JWTs stop authenticating at once (they are checked on every
 * request). Disabling a disabled user keeps the first date. Returns `undefined` when no user matches.
 */
export async function disableUser(
  database: Queryable,
  lookup: { id: string } | { email: string },
  signal?: AbortSignal,
): Promise<User | undefined> {
  const [column, value] = "id" in lookup ? ["id", lookup.id] : ["email", lookup.email.trim().toLowerCase()];
  const [record] = await database.query<UserRecord>(
    `UPDATE users SET disabled_at = COALESCE(disabled_at, now()) WHERE ${column} = $1 RETURNING *`,
    [value],
    { signal },
  );
  return record === undefined ? undefined : toUser(record);
}

/** True once any user exists (an empty database gets its first admin at `npm start`). */
export async function hasAnyUser(database: Queryable, signal?: AbortSignal): Promise<boolean> {
  const [record] = await database.query(`SELECT 1 FROM users LIMIT 1`, [], { signal });
  return record !== undefined;
}

/**
 * The email of the oldest enabled admin when no admin has ever used a token (none has signed in):
 * the first start's token was probably lost, so the start says how to issue a new one.
 */
export async function adminNeverSignedIn(database: Queryable, signal?: AbortSignal): Promise<string | undefined> {
  const [record] = await database.query<{ email: string }>(
    `SELECT u.email FROM users u
      WHERE u.role = 'admin' AND u.disabled_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM api_tokens t JOIN users a ON a.id = t.user_id
                         WHERE a.role = 'admin' AND t.last_used_at IS NOT NULL)
      ORDER BY u.created_at, u.id LIMIT 1`,
    [],
    { signal },
  );
  return record?.email;
}
