import { CourseforgeError } from "../errors/index.ts";

/** A user with that email (or id) already exists. */
export class UserExistsError extends CourseforgeError {
  static readonly code = "USER_EXISTS";
  constructor(field: "email" | "id", value: string) {
    super("USER_EXISTS", `A user with ${field} ${value} already exists.`, {
      details: { field, value },
      suggestion:
        field === "email" ? "Use another email, or issue a new token for the existing user." : "Use another id.",
    });
  }
}

/** No user matches the given id or email. */
export class UserNotFoundError extends CourseforgeError {
  static readonly code = "USER_NOT_FOUND";
  constructor(lookup: { id?: string; email?: string }) {
    const what = lookup.id === undefined ? `email ${lookup.email ?? ""}` : `id ${lookup.id}`;
    super("USER_NOT_FOUND", `No user with ${what}.`, {
      details: { ...lookup },
      suggestion: "Run `courseforge users list` to see the users.",
    });
  }
}

/** The user is disabled: a token issued to it could never be used. */
export class UserDisabledError extends CourseforgeError {
  static readonly code = "USER_DISABLED";
  constructor(id: string) {
    super("USER_DISABLED", `The user ${id} is disabled; its tokens cannot be used.`, {
      details: { id },
      suggestion: "Create a new user instead.",
    });
  }
}

/** The caller is known but what it asked for is for admins (`FORBIDDEN`). */
export class AdminOnlyError extends CourseforgeError {
  static readonly code = "FORBIDDEN";
  constructor(what: string) {
    super("FORBIDDEN", `Only admins can ${what}.`, {
      details: { requiredRole: "admin" },
      suggestion: "Ask an admin, or use an admin's token.",
    });
  }
}

/** Throws {@link AdminOnlyError} unless the caller is an admin. */
export function requireAdmin(caller: { readonly role: string }, what: string): void {
  if (caller.role !== "admin") throw new AdminOnlyError(what);
}
