import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, issueToken } from "../src/users/index.ts";
import { projectNode, repositoryRoot } from "./support/child-process.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import {
  postgresForWorkerProcesses,
  postgresWorkerEnvironment,
  spawnWorkerProcess,
  type WorkerProcess,
} from "./jobs-support.ts";

// The real framework: test/fixtures/nextjs-app (App Router, one catch-all route mounting
// Courseforge as docs/nextjs.md says) is built with `next build` and served with `next start`;
// a `courseforge worker` runs beside it on the same Postgres, and `courseforge smoke` passes
// through Next.js, its event stream included. The build takes 1-4 minutes on a busy machine,
// hence a file (and a vitest config, vitest.nextjs.config.ts) of its own: `npm run test:nextjs`.

const appFolder = path.join(repositoryRoot, "test", "fixtures", "nextjs-app");
const nextBin = path.join(repositoryRoot, "node_modules", "next", "dist", "bin", "next");
const usePostgres = await postgresForWorkerProcesses("test/nextjs-build.test.ts");

interface Finished {
  readonly code: number | null;
  readonly output: string;
}

function run(command: readonly string[], options: { cwd: string; env: Record<string, string> }) {
  const child = spawn(projectNode, command, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const finished = new Promise<Finished>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  return { child, finished, output: () => output };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilReady(url: string, server: { output(): string }, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${server.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start never answered ${url}: ${server.output()}`);
}

const nextEnvironment = { NEXT_TELEMETRY_DISABLED: "1" };

describe.skipIf(!usePostgres)("Courseforge mounted in a built Next.js app", { timeout: 900_000 }, () => {
  let testDatabase: TestDatabase;
  let server: ReturnType<typeof run> | undefined;
  let worker: WorkerProcess | undefined;
  let base: string;
  let teacherToken: string;
  let adminToken: string;
  let buildSeconds: number;

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ backend: "postgres" });
    const teacher = await createUser(testDatabase.db, { email: "next.teacher@example.com", role: "teacher" });
    const admin = await createUser(testDatabase.db, { email: "next.admin@example.com", role: "admin" });
    teacherToken = (await issueToken(testDatabase.db, teacher.id)).token;
    adminToken = (await issueToken(testDatabase.db, admin.id)).token;

    // What npm makes for a workspace package or a `file:` dependency: a link to the sources.
    await mkdir(path.join(appFolder, "node_modules"), { recursive: true });
    await rm(path.join(appFolder, "node_modules", "courseforge"), { force: true });
    await symlink(repositoryRoot, path.join(appFolder, "node_modules", "courseforge"), "dir");

    const started = Date.now();
    const build = await run([nextBin, "build"], { cwd: appFolder, env: nextEnvironment }).finished;
    buildSeconds = (Date.now() - started) / 1000;
    console.info(`next build took ${buildSeconds.toFixed(0)} s`);
    if (build.code !== 0) throw new Error(`next build failed:\n${build.output}`);
    expect(build.output).not.toMatch(/download/i);

    const environment = postgresWorkerEnvironment(testDatabase.location);
    worker = await spawnWorkerProcess(environment);
    await worker.ready;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = run([nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: appFolder,
      env: { ...environment, ...nextEnvironment },
    });
    await waitUntilReady(`${base}/api/healthz`, server, server.child);
  }, 900_000);

  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.finished;
    worker?.child.kill("SIGTERM");
    await worker?.exited;
    await testDatabase?.cleanup();
  });

  it("passes `courseforge smoke` through Next.js, the event stream included", async () => {
    const smoke = await run(
      [path.join(repositoryRoot, "bin", "courseforge.js"), "smoke", "--url", `${base}/api`, "--token", teacherToken],
      { cwd: repositoryRoot, env: {} },
    ).finished;
    expect(smoke.output).toMatch(/PASS follow events: \d+ events, ended with job\.succeeded/);
    expect(smoke.output).toContain("PASS smoke: 6/6 steps passed");
    expect(smoke.code).toBe(0);
  });

  it("routes every method the API uses, DELETE included", async () => {
    const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
    const me = (await (await fetch(`${base}/api/v1/me`, { headers })).json()) as { userId: string };
    const set = await fetch(`${base}/api/v1/admin/limits/users/${me.userId}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ coursesPerHour: 7 }),
    });
    expect(set.status).toBe(200);
    const cleared = await fetch(`${base}/api/v1/admin/limits/users/${me.userId}`, { method: "DELETE", headers });
    expect(cleared.status).toBeLessThan(300);
    const patched = await fetch(`${base}/api/v1/me`, { method: "PATCH", headers });
    // Exported, so the API answers (its own 404 JSON for a method it has no route for), not Next's bare 405.
    expect(patched.status).not.toBe(405);
    expect(((await patched.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
