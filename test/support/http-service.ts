import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { loadConfig, type Config } from "../../src/config/index.ts";
import type { AppEnv } from "../../src/http/index.ts";
import {
  createCourseJobs,
  knowledgeQueueName,
  openPgBossQueue,
  startIngestionWorker,
  startWorker,
  type CourseJobs,
  type JobQueue,
  type RunningWorker,
} from "../../src/jobs/index.ts";
import {
  createHttpService,
  openCostSavings,
  openKnowledgeRuntime,
  openProvider,
  type CreateHttpServiceOptions,
} from "../../src/app/index.ts";
import type { KnowledgeService } from "../../src/knowledge/index.ts";
import type { RunningSimulator } from "../../src/simulator/index.ts";
import { createUser, issueToken, type Role } from "../../src/users/index.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

/** A user made for a test, with its API token. */
export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly token: string;
}

/** The API on a real test database with the real jobs service (and, on request, a real worker on the simulator). */
export interface TestService {
  readonly testDatabase: TestDatabase;
  readonly config: Config;
  readonly app: Hono<AppEnv>;
  readonly jobs: CourseJobs;
  readonly queue: JobQueue;
  readonly worker: RunningWorker | undefined;
  /** With `worker: true`: the in-process simulator the worker calls (its `/_simulator/…` control endpoints inject faults). */
  readonly simulator: RunningSimulator | undefined;
  /** With `knowledge: true`: the knowledge base, its uploads ingested from the durable queue. */
  readonly knowledge: KnowledgeService | undefined;
  /** Two teachers, a student and an admin. */
  readonly users: {
    readonly alice: TestUser;
    readonly bob: TestUser;
    readonly student: TestUser;
    readonly admin: TestUser;
  };
  /** `app.request` with `Authorization: Bearer <as.token>` when `as` is given. */
  call(path: string, init?: RequestInit & { as?: TestUser }): Promise<Response>;
  cleanup(): Promise<void>;
}

/** Makes a user and its token directly in the database. */
export async function makeUser(testDatabase: TestDatabase, role: Role, name: string): Promise<TestUser> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const user = await createUser(testDatabase.db, { email, role });
  const { token } = await issueToken(testDatabase.db, user.id);
  return { id: user.id, email, role, token };
}

/**
 * Starts the API for a test: a fresh database, the pg-boss queue, the jobs service, and with
 * `worker: true` a worker generating with the in-process simulator (no latency).
 */
export async function startTestService(
  options: {
    worker?: boolean;
    /** The knowledge base on the simulator's embeddings, with an ingestion worker on its queue. */
    knowledge?: boolean;
    /** The answer cache and similar-course reuse (docs/cost.md); implies `knowledge` (for its embeddings). */
    savings?: boolean;
    environment?: Record<string, string>;
    app?: Partial<Omit<CreateHttpServiceOptions, "database" | "queue" | "jobs" | "config">>;
  } = {},
): Promise<TestService> {
  const testDatabase = await createTestDatabase();
  // On a shared Postgres server, pg-boss lives in the test's own schema: a worker of another test
  // file must not take this test's jobs (and the schema is dropped with the test database).
  const queueSchema = testDatabase.backend === "postgres" ? testDatabase.location : "pgboss";
  const config = loadConfig({
    COURSEFORGE_SIMULATOR_TIME_SCALE: "0",
    COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
    COURSEFORGE_QUEUE_SCHEMA: queueSchema,
    ...options.environment,
  });
  const queue = await openPgBossQueue({
    database: testDatabase.db,
    schema: config.jobs.queueSchema,
    pollingSeconds: config.jobs.pollingSeconds,
  });
  let knowledge: KnowledgeService | undefined;
  let savings: ReturnType<typeof openCostSavings> | undefined;
  const closeKnowledge: (() => Promise<void>)[] = [];
  if (options.knowledge === true || options.savings === true) {
    const knowledgeQueue = await openPgBossQueue({
      database: testDatabase.db,
      schema: config.jobs.queueSchema,
      pollingSeconds: config.jobs.pollingSeconds,
      queueName: knowledgeQueueName,
    });
    const runtime = await openKnowledgeRuntime({
      config,
      database: testDatabase.db,
      schedule: (documentId, signal) => knowledgeQueue.enqueue(documentId, 0, signal),
    });
    const ingesting = new AbortController();
    await startIngestionWorker({
      database: testDatabase.db,
      queue: knowledgeQueue,
      knowledge: runtime.knowledge,
      signal: ingesting.signal,
    });
    knowledge = runtime.knowledge;
    if (options.savings === true) savings = openCostSavings(config, testDatabase.db, runtime.embedder);
    closeKnowledge.push(async () => {
      ingesting.abort();
      await knowledgeQueue.stop();
      await runtime.close();
    });
  }
  const jobs = createCourseJobs({
    database: testDatabase.db,
    queue,
    ...(knowledge === undefined ? {} : { knowledge }),
  });
  let worker: RunningWorker | undefined;
  let closeProvider: (() => Promise<void>) | undefined;
  let runningSimulator: RunningSimulator | undefined;
  if (options.worker === true) {
    const { provider, simulator } = await openProvider(config);
    runningSimulator = simulator;
    closeProvider = async () => {
      await provider.close();
      await simulator?.close();
    };
    worker = await startWorker({
      database: testDatabase.db,
      queue,
      provider,
      config,
      simulated: true,
      workerId: `test:${process.pid}:${randomUUID().slice(0, 6)}`,
      ...(knowledge === undefined ? {} : { knowledge }),
      ...(savings === undefined ? {} : { answerCache: savings.answerCache, similarity: savings.similarity }),
    });
  }
  const { app } = createHttpService({
    database: testDatabase.db,
    queue,
    jobs,
    config,
    ...(knowledge === undefined ? {} : { knowledge }),
    ...(savings === undefined ? {} : { similarity: savings.similarity }),
    ...options.app,
  });
  const users = {
    alice: await makeUser(testDatabase, "teacher", "alice"),
    bob: await makeUser(testDatabase, "teacher", "bob"),
    student: await makeUser(testDatabase, "student", "student"),
    admin: await makeUser(testDatabase, "admin", "admin"),
  };
  return {
    testDatabase,
    config,
    app,
    jobs,
    queue,
    worker,
    simulator: runningSimulator,
    knowledge,
    users,
    call(path, init = {}) {
      const { as, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as !== undefined) headers.set("authorization", `Bearer ${as.token}`);
      return Promise.resolve(app.request(path, { ...rest, headers }));
    },
    async cleanup() {
      await worker?.stop({ graceMs: 1_000 });
      for (const close of closeKnowledge) await close();
      await queue.stop();
      await closeProvider?.();
      await testDatabase.cleanup();
    },
  };
}
