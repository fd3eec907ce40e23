/** The roles a user can have, from least to most privileged. */
export const roles = ["student", "teacher", "admin"] as const;

/** A user's role: decides queue priority and what the user may see (admins see everything). */
export type Role = (typeof roles)[number];

/** The authenticated user behind a request. */
export interface Caller {
  readonly userId: string;
  readonly role: Role;
}

/** True for a value that is one of the {@link roles}. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/** A user as stored (without tokens). */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

/**
 * Whose rows a caller may read: `undefined` (every owner's) for an admin, the caller's own id for
 * anyone else. The one place the rule "admins see everything" is written; an admin who asks for
 * only their own (`everyone: false`) gets their id.
 */
export function visibleOwner(caller: Caller, options: { readonly everyone?: boolean } = {}): string | undefined {
  return caller.role === "admin" && options.everyone !== false ? undefined : caller.userId;
}
