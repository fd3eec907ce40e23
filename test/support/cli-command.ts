// Shared set-up of the unit tests of CLI commands that work on the embedded database
// (`courseforge users`, `courseforge limits`): captured output, a PGlite folder the commands open
// themselves, and the check that a folder held by a process that is not a service is refused with a hint.
import { Writable } from "node:stream";
import { Command } from "commander";
import { expect } from "vitest";
import type { CliContext } from "../../src/cli/io.ts";
import { openDatabase, type Database } from "../../src/db/index.ts";
import { CourseforgeError } from "../../src/errors/index.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

/** A stream that keeps what is written to it. */
export class TextCapture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString("utf8");
    callback();
  }
}

/** A CLI context whose stdout and stderr are captured. */
export function captureContext(): CliContext & { stdout: TextCapture; stderr: TextCapture } {
  return { environment: {}, workingDirectory: process.cwd(), stdout: new TextCapture(), stderr: new TextCapture() };
}

/** A migrated PGlite folder, prepared by `setup` and then released: the commands open it themselves. */
export async function createCliDatabase(setup?: (database: Database) => Promise<void>): Promise<TestDatabase> {
  const testDatabase = await createTestDatabase({ backend: "pglite" });
  await setup?.(testDatabase.db);
  await testDatabase.db.close();
  return testDatabase;
}

/** Registers a command group on a fresh program and runs `argv` (plus `--data-dir`) with captured output. */
export function cliRunner(
  register: (program: Command, context: CliContext, setExitCode: (code: number) => void) => void,
  dataDir: () => string,
): (argv: string[]) => Promise<{ code: number; stdout: string }> {
  return async (argv) => {
    const context = captureContext();
    let code = -1;
    const program = new Command("courseforge").exitOverride().configureOutput({ writeErr: () => undefined });
    register(program, context, (value) => (code = value));
    await program.parseAsync([...argv, "--data-dir", dataDir()], { from: "user" });
    return { code, stdout: context.stdout.text };
  };
}

/** Asserts that `command` refuses a folder another holder has open, with `DATABASE_LOCKED` and a suggestion naming `hint`. */
export async function expectRefusedWhileHeld(
  dataDir: string,
  command: (options: { dataDir: string }, context: CliContext) => Promise<unknown>,
  hint: string,
): Promise<void> {
  const holder = await openDatabase({ dataDir });
  try {
    const error = await command({ dataDir }, captureContext()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(CourseforgeError.isInstance(error) && error.code).toBe("DATABASE_LOCKED");
    expect((error as CourseforgeError).suggestion).toContain(hint);
  } finally {
    await holder.close();
  }
}
