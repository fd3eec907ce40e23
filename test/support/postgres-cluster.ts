// A throwaway PostgreSQL cluster of a test's own (never the shared server on 5432), so a test may
// stop and start it. Postgres refuses to run as root: as root, its binaries run as `postgres`.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the Debian packages put the server binaries (`COURSEFORGE_TEST_POSTGRES_BIN` overrides). */
export const postgresBinDir = process.env.COURSEFORGE_TEST_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

/** Why a throwaway cluster cannot be started here, or `undefined` when it can. */
export function throwawayClusterUnavailable(): string | undefined {
  for (const binary of ["initdb", "pg_ctl", "postgres"]) {
    if (!existsSync(path.join(postgresBinDir, binary)))
      return `no ${binary} in ${postgresBinDir} (set COURSEFORGE_TEST_POSTGRES_BIN)`;
  }
  if (process.getuid?.() === 0 && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser"))
    return "running as root without runuser";
  return undefined;
}

/** A running throwaway cluster. */
export interface ThrowawayCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (`-m fast`: open connections are terminated) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data folder. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Initializes and starts a cluster in a temp folder on a free port; see {@link throwawayClusterUnavailable}. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const asRoot = process.getuid?.() === 0;
  const folder = await mkdtemp(path.join(os.tmpdir(), "courseforge-pg-"));
  const dataDir = path.join(folder, "data");
  const socketDir = folder;
  const postgresUser = asRoot
    ? await run("id", ["-u", "postgres"]).then(({ stdout }) => Number(stdout.trim()))
    : undefined;
  if (postgresUser !== undefined) {
    const { stdout } = await run("id", ["-g", "postgres"]);
    await chown(folder, postgresUser, Number(stdout.trim()));
    await chmod(folder, 0o700);
  }
  const binary = (name: string, args: readonly string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(postgresBinDir, name), ...args])
      : run(path.join(postgresBinDir, name), [...args]);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = async () => {
    await binary("pg_ctl", [
      "start",
      "-D",
      dataDir,
      "-w",
      "-t",
      "60",
      "-l",
      path.join(folder, "server.log"),
      "-o",
      serverOptions,
    ]);
  };
  const stop = async () => {
    await binary("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"]);
  };
  try {
    await binary("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    await start();
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      await stop();
      await start();
    },
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      running = false;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
