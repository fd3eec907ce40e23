import { Option, type Command } from "commander";
import { roles } from "../users/caller.ts";
import type { CliContext } from "./io.ts";
import type { UsersCommonOptions } from "./users.ts";

// Registration only: each action loads its implementation when it runs, so that `--help` and
// argument errors answer without loading the database and the HTTP client.

/** Adds `courseforge users create|list|disable|token` to `program`; each action reports its exit code through `setExitCode`. */
export function registerUsersCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): Command {
  const users = program
    .command("users")
    .description("Manage users and their API tokens (through the running service when it holds the embedded database)");
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
      setExitCode(await (await import("./users.ts")).usersCreateCommand(options, context));
    });
  users
    .command("list")
    .description("List users with their token counts")
    .addOption(dataDir())
    .option("--json", "print the users as JSON")
    .action(async (options: UsersCommonOptions) => {
      setExitCode(await (await import("./users.ts")).usersListCommand(options, context));
    });
  users
    .command("disable")
    .description("Disable a user: its tokens and JWTs stop working at once")
    .option("--email <email>", "the user's email")
    .option("--id <id>", "the user's id")
    .addOption(dataDir())
    .option("--json", "print the result as JSON")
    .action(async (options: UsersCommonOptions & { email?: string; id?: string }) => {
      setExitCode(await (await import("./users.ts")).usersDisableCommand(options, context));
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
      setExitCode(await (await import("./users.ts")).usersTokenCommand(options, context));
    });
  return users;
}
