import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, expect, type Page } from "@playwright/test";

/** A Courseforge process (API, workers, web UI) on a fresh embedded database with the simulator. */
export interface CourseforgeService {
  readonly baseUrl: string;
  /** The first-start admin's token. */
  readonly adminToken: string;
  /** Creates a user through the admin API and returns its id, email and token. */
  createUser(role: "student" | "teacher" | "admin"): Promise<{ userId: string; email: string; token: string }>;
}

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
const projectNode = path.join(repositoryRoot, "node_modules", ".bin", "node");
const courseforgeBin = path.join(repositoryRoot, "bin", "courseforge.js");

let userCounter = 0;

async function startCourseforge(
  timeScale: string,
  environment: Readonly<Record<string, string>>,
): Promise<{ service: CourseforgeService; stop(): Promise<void> }> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-e2e-"));
  const child: ChildProcess = spawn(projectNode, [courseforgeBin, "start", "--port", "0"], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      COURSEFORGE_DATA_DIR: path.join(workspace, "data"),
      COURSEFORGE_SIMULATOR_TIME_SCALE: timeScale,
      COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
      COURSEFORGE_LOG_LEVEL: "warn",
      ...environment,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(workspace, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (/Listening on (\S+)/.test(output) && /#token=cf_[\w-]+/.test(output)) resolve();
        else if (child.exitCode !== null) reject(new Error(`courseforge start exited early:\n${output}`));
        else setTimeout(check, 100);
      };
      check();
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = /Listening on (\S+)/.exec(output)![1]!;
  const adminToken = /#token=(cf_[\w-]+)/.exec(output)![1]!;
  const service: CourseforgeService = {
    baseUrl,
    adminToken,
    async createUser(role) {
      userCounter += 1;
      const response = await fetch(`${baseUrl}/v1/admin/users`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ email: `${role}-${process.pid}-${userCounter}-${Date.now()}@example.com`, role }),
      });
      if (response.status !== 201)
        throw new Error(`creating a ${role} failed: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { userId: string; email: string; token: string };
      return { userId: body.userId, email: body.email, token: body.token };
    },
  };
  return { service, stop };
}

/** Signs `page` in with `token` (the same link `npm start` prints for the first admin) and waits for the app. */
export async function signIn(page: Page, token: string, path = "/"): Promise<void> {
  await page.goto(`${path}#token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** The worker options of {@link test}. */
export interface CourseforgeOptions {
  /** The simulator's time scale: "0" instant (the default), "1" realistic latency. */
  readonly simulatorTimeScale: string;
  /** More environment for the process, over the defaults, e.g. simulator faults: `test.use({ serviceEnvironment: {…} })`. */
  readonly serviceEnvironment: Readonly<Record<string, string>>;
}

/**
 * Courseforge's Playwright test: `service` is one Courseforge process per worker, started with the
 * worker options {@link CourseforgeOptions} (a file that changes them gets its own worker and process).
 */
export const test = base.extend<Record<never, never>, { service: CourseforgeService } & CourseforgeOptions>({
  simulatorTimeScale: ["0", { scope: "worker", option: true }],
  serviceEnvironment: [{}, { scope: "worker", option: true }],
  service: [
    async ({ simulatorTimeScale, serviceEnvironment }, use) => {
      const running = await startCourseforge(simulatorTimeScale, serviceEnvironment);
      try {
        await use(running.service);
      } finally {
        await running.stop();
      }
    },
    { scope: "worker", timeout: 90_000 },
  ],
  baseURL: async ({ service }, use) => {
    await use(service.baseUrl);
  },
});

export { expect };
