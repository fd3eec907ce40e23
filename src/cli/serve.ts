import { loadConfig } from "../config/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import { firstAdminEmail, startService, type ServiceMode } from "../app/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

/** Flags of `courseforge start`, `serve` and `worker`. */
export interface ServiceFlags {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  /** Jobs at once in this process's worker (range and default: `workerConcurrencyRange`). */
  readonly jobs?: string | undefined;
  readonly provider?: string | undefined;
  readonly model?: string | undefined;
  readonly modelPath?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly maxAttempts?: string | undefined;
  readonly dataDir?: string | undefined;
}

function wholeNumber(flag: string, value: string, minimum: number, maximum: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < minimum || parsed > maximum)
    throw new InvalidInputError(
      `${flag} must be a whole number from ${minimum} to ${maximum} (got ${JSON.stringify(value)}).`,
    );
  return parsed;
}

/**
 * `courseforge start` (API + workers, what `npm start` runs), `serve` (API only) and `worker`
 * (workers only): runs until SIGTERM or SIGINT, then stops taking work, lets the steps in flight
 * finish and be checkpointed (unfinished jobs go back to the queue), and exits 0.
 */
export async function serviceCommand(mode: ServiceMode, flags: ServiceFlags, context: CliContext): Promise<number> {
  const config = loadConfig(
    context.environment,
    {
      jobs: flags.jobs,
      provider: flags.provider,
      model: flags.model,
      modelPath: flags.modelPath,
      concurrency: flags.concurrency,
      maxAttempts: flags.maxAttempts,
      dataDir: flags.dataDir,
    },
    context.workingDirectory,
  );
  const port = wholeNumber(
    flags.port === undefined ? "PORT" : "--port",
    flags.port ?? context.environment.PORT ?? "3000",
    0,
    65535,
  );
  const stop = context.signal ?? signalOf("SIGTERM", "SIGINT");
  const log = {
    info: (line: string) => void context.stdout.write(`${line}\n`),
    error: (line: string) => void context.stderr.write(`${line}\n`),
  };
  const service = await startService({
    config,
    mode,
    port,
    host: flags.host ?? context.environment.HOST,
    log,
    signal: stop,
    logDestination: context.stdout,
  });
  const parts =
    mode === "all" ? "API and workers" : mode === "api" ? "API" : `worker ${service.worker?.workerId ?? ""}`.trim();
  log.info(
    `Courseforge ${parts} ready (${service.database.kind} database${service.provider ? `, provider ${service.provider.name}${service.simulated ? ": content is SIMULATED" : ""}` : ""})`,
  );
  if (service.url)
    log.info(`Listening on ${service.url}  (API: ${service.url}/v1, OpenAPI: ${service.url}/v1/openapi.json)`);
  if (service.firstAdminToken) {
    log.info(`First start: created the admin user ${firstAdminEmail}. Its API token (shown once, keep it):`);
    log.info(`  ${service.firstAdminToken}`);
    // The token goes in the fragment: browsers never send it to the server nor log it; the app removes it from the address bar.
    if (service.url)
      log.info(
        `  Open this link to use the web UI, signed in as the admin: ${service.url}/#token=${service.firstAdminToken}`,
      );
  }
  if (service.adminNeverSignedIn !== undefined) {
    log.info(
      `The admin ${service.adminNeverSignedIn} has never signed in. If its first-start token is lost, issue a new one with ` +
        `\`npx courseforge users token --email ${service.adminNeverSignedIn}\`${service.database.kind === "pglite" ? " (stop this service first: it holds the embedded database)" : ""}.`,
    );
  }
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener("abort", () => resolve(), { once: true });
  });
  log.info("Stopping: no new jobs; finishing the steps in flight…");
  await service.stop();
  log.info(`${parts} stopped`);
  return exitCodes.success;
}

function signalOf(...names: NodeJS.Signals[]): AbortSignal {
  const controller = new AbortController();
  for (const name of names) process.once(name, () => controller.abort());
  return controller.signal;
}
