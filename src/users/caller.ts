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
