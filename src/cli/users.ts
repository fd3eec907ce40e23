import { InvalidInputError } from "../errors/index.ts";
import { roles, UserDisabledError, UserNotFoundError, type User } from "../users/index.ts";
import { userOperations } from "./admin-operations.ts";
import { withCommandTarget } from "./command-target.ts";
import { exitCodes, type CliContext } from "./io.ts";

/** Options shared by the `users` subcommands. */
export interface UsersCommonOptions {
  dataDir?: string;
  json?: boolean;
}

function describeUser(user: User): string {
  return `${user.id}  ${user.email}  ${user.role}${user.disabledAt === null ? "" : `  disabled ${user.disabledAt.toISOString()}`}`;
}

/** `users create --email E --role R [--id ID] [--json]`: makes a user and prints its API token once. */
export async function usersCreateCommand(
  options: UsersCommonOptions & { email?: string; role?: string; id?: string; tokenName?: string },
  context: CliContext,
): Promise<number> {
  if (options.email === undefined)
    throw new InvalidInputError("users create needs --email.", { details: { field: "email" } });
  if (options.role === undefined)
    throw new InvalidInputError(`users create needs --role (${roles.join(", ")}).`, { details: { field: "role" } });
  const email = options.email;
  const role = options.role as User["role"];
  const { user, token } = await withCommandTarget(options, context, (target) =>
    userOperations(target).create(
      {
        email,
        role,
        ...(options.id === undefined ? {} : { id: options.id }),
        tokenName: options.tokenName ?? "default",
      },
      context.signal,
    ),
  );
  if (options.json === true) {
    context.stdout.write(`${JSON.stringify({ userId: user.id, email: user.email, role: user.role, token })}\n`);
  } else {
    context.stdout.write(
      `Created ${user.role} ${user.email} (${user.id}).\nAPI token — shown once, only its hash is stored:\n${token}\n`,
    );
  }
  return exitCodes.success;
}

/** `users list [--json]`: every user with its token count. */
export async function usersListCommand(options: UsersCommonOptions, context: CliContext): Promise<number> {
  const users = await withCommandTarget(options, context, (target) => userOperations(target).list(context.signal));
  if (options.json === true) {
    context.stdout.write(`${JSON.stringify({ users })}\n`);
    return exitCodes.success;
  }
  if (users.length === 0)
    context.stdout.write("No users. Create one with `courseforge users create --email E --role admin`.\n");
  for (const user of users) {
    const used = user.lastUsedAt === null ? "never used" : `last used ${user.lastUsedAt.toISOString()}`;
    context.stdout.write(`${describeUser(user)}  ${user.activeTokens} token(s), ${used}\n`);
  }
  return exitCodes.success;
}

/** `users disable --email E | --id ID [--json]`: the user's tokens and JWTs stop working at once. */
export async function usersDisableCommand(
  options: UsersCommonOptions & { email?: string; id?: string },
  context: CliContext,
): Promise<number> {
  if ((options.email === undefined) === (options.id === undefined)) {
    throw new InvalidInputError("users disable needs exactly one of --email or --id.", {
      details: { field: options.email === undefined ? "email" : "id" },
    });
  }
  const lookup = options.id === undefined ? { email: options.email! } : { id: options.id };
  const user = await withCommandTarget(options, context, (target) =>
    userOperations(target).disable(lookup, context.signal),
  );
  if (user === undefined) throw new UserNotFoundError(lookup);
  context.stdout.write(
    options.json === true
      ? `${JSON.stringify({ userId: user.id, email: user.email, disabledAt: user.disabledAt })}\n`
      : `Disabled ${describeUser(user)}\n`,
  );
  return exitCodes.success;
}

/**
 * `users token --email E | --id ID [--token-name N] [--json]`: issues a new API token for an
 * existing user (e.g. the first-start admin whose token was lost); its other tokens keep working.
 */
export async function usersTokenCommand(
  options: UsersCommonOptions & { email?: string; id?: string; tokenName?: string },
  context: CliContext,
): Promise<number> {
  if ((options.email === undefined) === (options.id === undefined)) {
    throw new InvalidInputError("users token needs exactly one of --email or --id.", {
      details: { field: options.email === undefined ? "email" : "id" },
    });
  }
  const lookup = options.id === undefined ? { email: options.email! } : { id: options.id };
  const { user, token } = await withCommandTarget(options, context, async (target) => {
    const operations = userOperations(target);
    const found = (await operations.list(context.signal)).find((candidate) =>
      lookup.id === undefined ? candidate.email === lookup.email!.trim().toLowerCase() : candidate.id === lookup.id,
    );
    if (found === undefined) throw new UserNotFoundError(lookup);
    if (found.disabledAt !== null) throw new UserDisabledError(found.id);
    return { user: found, token: await operations.issueToken(found.id, options.tokenName ?? "cli", context.signal) };
  });
  if (options.json === true) {
    context.stdout.write(`${JSON.stringify({ userId: user.id, email: user.email, role: user.role, token })}\n`);
  } else {
    context.stdout.write(
      `New API token for ${user.role} ${user.email} (${user.id}) — shown once, only its hash is stored:\n${token}\n`,
    );
  }
  return exitCodes.success;
}
