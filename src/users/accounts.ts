import type { Database } from "../db/port.ts";
import { authenticate } from "./authenticate.ts";
import type { Caller, User } from "./caller.ts";
import { requireAdmin, UserDisabledError, UserNotFoundError } from "./errors.ts";
import { createSupabaseSignIn, type SupabaseSignInOptions } from "./supabase-sign-in.ts";
import { issueToken, type IssuedToken } from "./tokens.ts";
import { createUser, disableUser, findUser, listUsers, type NewUser, type UserListing } from "./users.ts";

/**
 * Users and their credentials as the API drives them: who a bearer credential belongs to, and
 * the user administration. Administration methods take the caller and refuse anyone but an admin
 * (`FORBIDDEN`), whatever the route in front of them checked.
 */
export interface Accounts {
  /** The caller behind an API token or (with Supabase sign-in configured) a Supabase access token; `undefined` for no one. */
  authenticate(bearer: string, signal?: AbortSignal): Promise<Caller | undefined>;
  /** The caller's own user, or `undefined` when it was deleted after authentication. */
  me(caller: Caller, signal?: AbortSignal): Promise<User | undefined>;
  /** Creates a user and its first token in one transaction (admins). */
  create(
    caller: Caller,
    input: NewUser & { readonly tokenName?: string | undefined },
    signal?: AbortSignal,
  ): Promise<{ user: User; issued: IssuedToken }>;
  /** Every user with token counts, oldest first (admins). */
  list(caller: Caller, signal?: AbortSignal): Promise<UserListing[]>;
  /** Disables a user: its credentials stop working at once (admins); `USER_NOT_FOUND` when none has that id. */
  disable(caller: Caller, userId: string, signal?: AbortSignal): Promise<User>;
  /** Another token for an enabled user (admins); `USER_NOT_FOUND`, or `USER_DISABLED` for a disabled user. */
  issueToken(caller: Caller, userId: string, name: string, signal?: AbortSignal): Promise<IssuedToken>;
}

/**
 * Builds the accounts service on the database. Supabase access tokens are accepted only when
 * `supabase` names a JWT secret or a JWKS URL (or, the older way, with `supabaseJwtSecret`).
 */
export function createAccounts(options: {
  readonly database: Database;
  readonly supabase?: SupabaseSignInOptions | undefined;
  readonly supabaseJwtSecret?: string | undefined;
}): Accounts {
  const { database } = options;
  const supabaseOptions: SupabaseSignInOptions = {
    ...options.supabase,
    jwtSecret: options.supabase?.jwtSecret ?? options.supabaseJwtSecret,
  };
  const supabase =
    supabaseOptions.jwtSecret === undefined && supabaseOptions.jwksUrl === undefined
      ? undefined
      : createSupabaseSignIn(supabaseOptions);
  return {
    authenticate: (bearer, signal) => authenticate(database, bearer, { supabase, signal }),

    me: (caller, signal) => findUser(database, caller.userId, signal),

    async create(caller, input, signal) {
      requireAdmin(caller, "create users");
      const { tokenName, ...newUser } = input;
      return database.transaction(
        async (transaction) => {
          const user = await createUser(transaction, newUser, signal);
          return { user, issued: await issueToken(transaction, user.id, tokenName ?? "default", signal) };
        },
        { signal },
      );
    },

    async list(caller, signal) {
      requireAdmin(caller, "list users");
      return listUsers(database, signal);
    },

    async disable(caller, userId, signal) {
      requireAdmin(caller, "disable users");
      const user = await disableUser(database, { id: userId }, signal);
      if (user === undefined) throw new UserNotFoundError({ id: userId });
      return user;
    },

    async issueToken(caller, userId, name, signal) {
      requireAdmin(caller, "issue tokens for users");
      const user = await findUser(database, userId, signal);
      if (user === undefined) throw new UserNotFoundError({ id: userId });
      if (user.disabledAt !== null) throw new UserDisabledError(user.id);
      return issueToken(database, user.id, name, signal);
    },
  };
}
