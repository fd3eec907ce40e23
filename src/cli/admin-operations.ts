import {
  createCourseLimits,
  modelAccessDefaultsOf,
  type CourseLimits,
  type ModelAccessSettings,
  type LimitPatch,
  type LimitSettings,
  type RoleLimits,
  type UserLimitOverrides,
} from "../limits/index.ts";
import {
  createUser,
  disableUser,
  issueToken,
  listUsers,
  type Role,
  type User,
  type UserListing,
} from "../users/index.ts";
import type { CommandTarget } from "./command-target.ts";

/** What `users …` does, on the database or through the running service's admin API. */
export interface UserOperations {
  create(
    input: { email: string; role: Role; id?: string; tokenName: string },
    signal?: AbortSignal,
  ): Promise<{ user: Pick<User, "id" | "email" | "role">; token: string }>;
  list(signal?: AbortSignal): Promise<UserListing[]>;
  /** Issues another API token for an existing user; resolves with the token (shown once). */
  issueToken(userId: string, name: string, signal?: AbortSignal): Promise<string>;
  /** `undefined` when no user matches. */
  disable(lookup: { email: string } | { id: string }, signal?: AbortSignal): Promise<User | undefined>;
}

/** What `limits …` does: the part of {@link CourseLimits} an admin reads and changes. */
export type LimitOperations = Pick<
  CourseLimits,
  "settings" | "setRole" | "setUser" | "clearUser" | "setGlobal" | "models"
>;

interface UserJson {
  id: string;
  email: string;
  role: Role;
  disabledAt: string | null;
  createdAt: string;
  activeTokens?: number;
  lastUsedAt?: string | null;
}

const dateOrNull = (value: string | null | undefined) =>
  value === null || value === undefined ? null : new Date(value);

function userOfJson(json: UserJson): UserListing {
  return {
    id: json.id,
    email: json.email,
    role: json.role,
    disabledAt: dateOrNull(json.disabledAt),
    createdAt: new Date(json.createdAt),
    activeTokens: json.activeTokens ?? 0,
    lastUsedAt: dateOrNull(json.lastUsedAt),
  };
}

/** The user operations of a command target. */
export function userOperations(target: CommandTarget): UserOperations {
  if (target.kind === "database") {
    const { database } = target;
    return {
      create: (input, signal) =>
        database.transaction(async (transaction) => {
          const user = await createUser(
            transaction,
            { email: input.email, role: input.role, ...(input.id === undefined ? {} : { id: input.id }) },
            signal,
          );
          const issued = await issueToken(transaction, user.id, input.tokenName, signal);
          return { user, token: issued.token };
        }),
      list: (signal) => listUsers(database, signal),
      issueToken: async (userId, name, signal) => (await issueToken(database, userId, name, signal)).token,
      disable: (lookup, signal) => disableUser(database, lookup, signal),
    };
  }
  const { service } = target;
  const list = async (signal?: AbortSignal) =>
    (await service.request<{ users: UserJson[] }>("GET", "/v1/admin/users", { signal })).users.map(userOfJson);
  return {
    async create(input, signal) {
      const created = await service.request<{ userId: string; email: string; role: Role; token: string }>(
        "POST",
        "/v1/admin/users",
        { body: input, signal },
      );
      return { user: { id: created.userId, email: created.email, role: created.role }, token: created.token };
    },
    list,
    issueToken: async (userId, name, signal) =>
      (
        await service.request<{ token: string }>("POST", `/v1/admin/users/${encodeURIComponent(userId)}/tokens`, {
          body: { name },
          signal,
        })
      ).token,
    async disable(lookup, signal) {
      const id =
        "id" in lookup
          ? lookup.id
          : (await list(signal)).find((user) => user.email === lookup.email.trim().toLowerCase())?.id;
      if (id === undefined) return undefined;
      try {
        return userOfJson(
          await service.request<UserJson>("POST", `/v1/admin/users/${encodeURIComponent(id)}/disable`, { signal }),
        );
      } catch (error) {
        if ((error as { code?: unknown }).code === "USER_NOT_FOUND") return undefined;
        throw error;
      }
    },
  };
}

/** The limit operations of a command target. */
export function limitOperations(target: CommandTarget): LimitOperations {
  if (target.kind === "database")
    return createCourseLimits({
      database: target.database,
      defaults: target.config.limits,
      models: modelAccessDefaultsOf(target.config),
    });
  const { service } = target;
  const path = (segment: string) => `/v1/admin/limits/${segment}`;
  return {
    settings: (signal) => service.request<LimitSettings>("GET", "/v1/admin/limits", { signal }),
    setRole: (role, patch: LimitPatch, signal) =>
      service.request<RoleLimits>("PUT", path(`roles/${role}`), { body: patch, signal }),
    setUser: (userId, patch: LimitPatch, signal) =>
      service.request<UserLimitOverrides>("PUT", path(`users/${encodeURIComponent(userId)}`), { body: patch, signal }),
    clearUser: async (userId, signal) =>
      (
        await service.request<{ cleared: boolean }>("DELETE", path(`users/${encodeURIComponent(userId)}`), {
          signal,
        })
      ).cleared,
    models: (signal) => service.request<ModelAccessSettings>("GET", "/v1/admin/models", { signal }),
    setGlobal: (coursesPerHour, signal) =>
      service.request<{ coursesPerHour: number | null }>("PUT", path("global"), { body: { coursesPerHour }, signal }),
  };
}
