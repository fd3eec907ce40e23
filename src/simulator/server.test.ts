import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { startSimulator } from "./server.ts";
import type { FaultKind } from "./faults.ts";
import { getJson } from "../../test/support/simulator-client.ts";

describe("startSimulator", () => {
  it("starts standalone on a given port and host, and closes twice safely", async () => {
    const probe = await startSimulator({ timeScale: 0 });
    const port = probe.port;
    await probe.close();
    const simulator = await startSimulator({
      port,
      host: "127.0.0.1",
      seed: 1,
      timeScale: 1,
      faults: { rate: 0, kinds: [] },
    });
    expect(simulator.url).toBe(`http://127.0.0.1:${port}/v1`);
    expect((await getJson(simulator.url, "/models")).status).toBe(200);
    await simulator.close();
    await simulator.close();
    await expect(fetch(`${simulator.url}/models`)).rejects.toThrow();
  });

  it("fails with a typed error when the port is taken", async () => {
    const first = await startSimulator({ timeScale: 0 });
    try {
      const error = await startSimulator({ port: first.port }).catch((caught: unknown) => caught);
      expect(CourseforgeError.isInstance(error) && error.code).toBe("SIMULATOR_START_FAILED");
    } finally {
      await first.close();
    }
  });

  it("rejects invalid options with INVALID_INPUT", async () => {
    const invalid = [
      { timeScale: -1 },
      { port: 70_000 },
      { faults: { rate: 0.5, kinds: ["meteor" as FaultKind] } },
      { models: { broken: { tokensPerSecond: 0 } } },
    ];
    for (const options of invalid) {
      const error = await startSimulator(options).catch((caught: unknown) => caught);
      expect(CourseforgeError.isInstance(error) && error.code).toBe("INVALID_INPUT");
    }
  });

  it("closes when its signal fires", async () => {
    const controller = new AbortController();
    const simulator = await startSimulator({ timeScale: 0, signal: controller.signal });
    controller.abort();
    await simulator.close();
    await expect(fetch(`${simulator.url}/models`)).rejects.toThrow();
  });
});
