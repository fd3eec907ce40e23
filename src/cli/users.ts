import { Option, type Command } from "commander";
import { loadConfig } from "../config/index.ts";
import { openDatabase, type Database } from "../db/index.ts";
import { CourseforgeError, InvalidInputError } from "../errors/index.ts";
import {
  createUser,
  disableUser,
  findUser,
  findUserByEmail,
  issueToken,
  listUsers,
  roles,
  UserDisabledError,
  UserNotFoundError,
  type User,
} from "../users/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

/** Options shared by the `users` subcommands. */
export interface UsersCommonOptions {
  dataDir?: string;
  json?: boolean;
}

const apiHint =
  "A running server holds the embedded database: manage users through its API with an admin token instead — " +
  'POST /v1/admin/users {"email":…,"role":…} (answers the new token once), GET /v1/admin/users, POST /v1/admin/users/<id>/disable. ' +
  "See docs/api.md. Or stop the server and run this command again.";

/**
 * Opens the database of the config (and `--data-dir`) for one command, closes it after `work`.
 * When a running server holds the embedded database, the error says to use the admin API (`apiHint`).
 */
export async function withDatabase<T>(
  options: UsersCommonOptions,
  context: CliContext,
  work: (database: Database) => Promise<T>,
  hint: string = apiHint,
): Promise<T> {
  const config = loadConfig(
    context.environment,
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
    context.workingDirectory,
  );
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.database.url,
      dataDir: config.database.dataDir,
      signal: context.signal,
    });
  } catch (error) {
    if (CourseforgeError.isInstance(error) && error.code === "DATABASE_LOCKED") {
      throw new CourseforgeError("DATABASE_LOCKED", error.message, {
        cause: error,
        details: { ...error.details },
        suggestion: hint,
      });
    }
    throw error;
  }
  try {
    return await work(database);
  } finally {
    await database.close();
  }
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
  const { user, token } = await withDatabase(options, context, (database) =>
    database.transaction(async (transaction) => {
      const created = await createUser(
        transaction,
        { email, role, ...(options.id === undefined ? {} : { id: options.id }) },
        context.signal,
      );
      const issued = await issueToken(transaction, created.id, options.tokenName ?? "default", context.signal);
      return { user: created, token: issued.token };
    }),
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
  const users = await withDatabase(options, context, (database) => listUsers(database, context.signal));
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
  const user = await withDatabase(options, context, (database) => disableUser(database, lookup, context.signal));
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
  const { user, token } = await withDatabase(options, context, async (database) => {
    const found =
      lookup.id === undefined
        ? await findUserByEmail(database, lookup.email!, context.signal)
        : await findUser(database, lookup.id, context.signal);
    if (found === undefined) throw new UserNotFoundError(lookup);
    if (found.disabledAt !== null) throw new UserDisabledError(found.id);
    const issued = await issueToken(database, found.id, options.tokenName ?? "cli", context.signal);
    return { user: found, token: issued.token };
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

/** Adds `courseforge users create|list|disable|token` to `program`; each action reports its exit code through `setExitCode`. */
export function registerUsersCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): Command {
  const users = program
    .command("users")
    .description("Manage users and their API tokens (the embedded database must not be open in a running server)");
  const dataDir = () => new Option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)");
  users
    .command("create")
    .description("Create a user and print its API token (shown once)")
    .requiredOption("--email <email>", "the user's email")
    .addOption(new Option("--role <role>", "the user's role").choices([...roles]).makeOptionMandatory())
    .option("--id <id>", "use this id (a Supabase user's id, so that its JWTs authenticate)")
    .option("--token-name <name>", "a label for the token", "default")
    .addOption(dataDir())
    .option("--json", 'print {"userId":…,"token":…} as the last line of stdout')
    .action(async (options: UsersCommonOptions & { email: string; role: string; id?: string; tokenName?: string }) => {
      setExitCode(await usersCreateCommand(options, context));
    });
  users
    .command("list")
    .description("List users with their token counts")
    .addOption(dataDir())
    .option("--json", "print the users as JSON")
    .action(async (options: UsersCommonOptions) => {
      setExitCode(await usersListCommand(options, context));
    });
  users
    .command("disable")
    .description("Disable a user: its tokens and JWTs stop working at once")
    .option("--email <email>", "the user's email")
    .option("--id <id>", "the user's id")
    .addOption(dataDir())
    .option("--json", "print the result as JSON")
    .action(async (options: UsersCommonOptions & { email?: string; id?: string }) => {
      setExitCode(await usersDisableCommand(options, context));
    });
  users
    .command("token")
    .description("Issue a new API token for an existing user, e.g. a lost first-start admin token (shown once)")
    .option("--email <email>", "the user's email")
    .option("--id <id>", "the user's id")
    .option("--token-name <name>", "a label for the token", "cli")
    .addOption(dataDir())
    .option("--json", 'print {"userId":…,"token":…} as the last line of stdout')
    .action(async (options: UsersCommonOptions & { email?: string; id?: string; tokenName?: string }) => {
      setExitCode(await usersTokenCommand(options, context));
    });
  return users;
}
