import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../src/simulator/index.ts";
import { countChatTokens } from "../src/tokens/index.ts";
import { removeScripts, repositoryModule, startScript, writeScript } from "./support/child-process.ts";
import { createTestDatabase, isPostgresReachable, testDatabaseUrl, type TestDatabase } from "./support/database.ts";

// Processes share a model's limits through a database several processes can open: Postgres.
const reachable = await isPostgresReachable();
if (!reachable) console.warn(`SKIPPED test/provider-budget-processes.test.ts: no Postgres at ${testDatabaseUrl()}.`);

const model = "sim-budget";
const tokensPerMinute = 20_000;
const maxOutputTokens = 400;
const callsPerProcess = 60;
// A simulator minute lasts 6 s at this time scale (its rate window is scaled too). Shorter, the
// ledger's margin (5 % of the window) shrinks below the jitter of a busy CI machine between a
// reservation and the request's arrival, which a real minute never sees.
const timeScale = 0.1;
const messages = (index: number) => [
  { role: "system", content: "You write one short title for a lesson." },
  { role: "user", content: `Lesson number ${index} about tides.` },
];

// One worker process's LLM call path: the real provider adapter, the process-wide call policy
// (budget shared through the database), many concurrent generateStructured calls.
const childSource = (simulatorUrl: string, databaseUrl: string, worker: number) => `
import { openDatabase } from ${JSON.stringify(repositoryModule("src/db/index.ts"))};
import { createDatabaseBudget, createOpenAiCompatibleProvider, createProviderResilience, generateStructured } from ${JSON.stringify(repositoryModule("src/llm/index.ts"))};
import { z } from ${JSON.stringify(repositoryModule("node_modules/zod/index.js"))};

const database = await openDatabase({ databaseUrl: ${JSON.stringify(databaseUrl)}, dataDir: "unused" });
const provider = createOpenAiCompatibleProvider({ name: "simulator", apiKey: "test", baseUrl: ${JSON.stringify(simulatorUrl)}, timeoutMs: 30000 });
const windowMs = 60000 * ${timeScale};
const resilience = createProviderResilience(
  { fallbackModels: {}, outageWaitSeconds: 60, breakerFailures: 5, breakerHalfOpenMs: 500, timeoutBaseMs: 20000, tokensPerSecond: 100, maxTimeoutMs: 30000,
    modelLimits: { ${JSON.stringify(model)}: { tokensPerMinute: ${tokensPerMinute} } }, modelConcurrencyMax: 16, rateWindowMs: windowMs },
  { shared: createDatabaseBudget({ database, windowMs }) },
);
const messages = ${messages.toString()};
const outcomes = [];
let next = 0;
const lane = async () => {
  while (next < ${callsPerProcess}) {
    const index = next++;
    await generateStructured({
      provider, model: "${model}", task: "title", step: "title:" + index, jobId: null,
      schema: z.object({ title: z.string() }), schemaName: "title", messages: messages(${worker} * 1000 + index),
      maxOutputTokens: ${maxOutputTokens}, maxAttempts: 5, ...resilience.callPolicy,
      recorder: { record: async (record) => void outcomes.push(record.outcome) }, prices: {}, signal: AbortSignal.timeout(120000),
    });
  }
};
await Promise.all(Array.from({ length: 8 }, lane));
console.log("RESULT " + JSON.stringify({ calls: outcomes.length, rateLimited: outcomes.filter((outcome) => outcome === "LLM_RATE_LIMITED").length }));
await provider.close();
await database.close();
`;

describe.skipIf(!reachable)("two worker processes under one provider TPM limit", () => {
  let simulator: RunningSimulator;
  let testDatabase: TestDatabase;

  beforeAll(async () => {
    simulator = await startSimulator({
      port: 0,
      seed: 5,
      timeScale,
      models: { [model]: { rpm: 100_000, tpm: tokensPerMinute } },
    });
    testDatabase = await createTestDatabase({ backend: "postgres" });
  });
  afterAll(async () => {
    await testDatabase?.cleanup();
    await simulator?.close();
    await removeScripts();
  });

  it("keep 429s under 2% of calls by reserving every call in the shared budget", async () => {
    const url = new URL(testDatabaseUrl());
    url.searchParams.set("options", `-c search_path=${testDatabase.location}`);
    const children = await Promise.all(
      [1, 2].map(async (worker) => startScript(await writeScript(childSource(simulator.url, url.toString(), worker)))),
    );
    const exits = await Promise.all(children.map((child) => child.exited));
    expect(
      exits.map((exit) => exit.code),
      exits.map((exit) => exit.stderr).join("\n"),
    ).toEqual([0, 0]);
    const results = children.map(
      (child) => JSON.parse(/RESULT (.*)/.exec(child.stdout())![1]!) as { calls: number; rateLimited: number },
    );

    const calls = results.reduce((total, result) => total + result.calls, 0);
    const rateLimited = results.reduce((total, result) => total + result.rateLimited, 0);
    expect(calls).toBeGreaterThanOrEqual(2 * callsPerProcess);
    expect(simulator.stats().rateLimited).toBe(rateLimited);
    expect(rateLimited / calls).toBeLessThan(0.02);
    // The limit really bound: the calls needed several of the provider's windows.
    const tokensPerCall =
      countChatTokens(
        messages(1000).map((message) => ({ role: message.role as "system" | "user", content: message.content })),
      ) + maxOutputTokens;
    expect(2 * callsPerProcess * tokensPerCall).toBeGreaterThan(2 * tokensPerMinute);
  });
});
