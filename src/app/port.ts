import { createServer } from "node:net";
import { CourseforgeError } from "../errors/index.ts";

/** The API's port is taken (or not allowed): nothing was created, the operator picks another. */
export class PortUnavailableError extends CourseforgeError {
  constructor(port: number, host: string, reason: string, cause?: unknown) {
    const taken = reason === "EADDRINUSE";
    super(
      taken ? "PORT_IN_USE" : "PORT_UNAVAILABLE",
      `Port ${port} on ${host} is ${taken ? "already in use by another program" : `not available (${reason})`}: ` +
        `stop that program, or start on another port with PORT (e.g. PORT=${port === 65_535 ? 3001 : port + 1}) or --port.`,
      { cause, details: { port, host, reason }, retryable: false },
    );
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : String(error);
}

/** Turns a listen error into {@link PortUnavailableError} when it is about the port; other errors pass. */
export function portErrorOf(error: unknown, port: number, host: string): unknown {
  const reason = reasonOf(error);
  return reason === "EADDRINUSE" || reason === "EACCES" ? new PortUnavailableError(port, host, reason, error) : error;
}

/**
 * Checks that `port` can be listened on, before anything is created: a first start that fails on a
 * busy port must not leave an admin whose token was never shown. Port 0 (any free port) always can.
 */
export async function checkPortAvailable(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(portErrorOf(error, port, host)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
