/** Checks, with small requests, that a running simulator models latency the way the bench assumes. */
import { modelledLatencyMs, type LatencyProfile } from "../critical-path.ts";

const probeFormat = {
  type: "json_schema",
  json_schema: {
    name: "probe",
    strict: true,
    schema: {
      type: "object",
      properties: { greeting: { type: "string" } },
      required: ["greeting"],
      additionalProperties: false,
    },
  },
};

/**
 * Sends `parallel` chat completions for `model` at once and compares each scheduled delay
 * (`x-simulator-delay-ms`) with {@link modelledLatencyMs} for `profile` and `timeScale`. Sent
 * through the global `fetch`, which the `openai` SDK uses too, so its connection pool is left
 * holding `parallel` open keep-alive connections to the simulator.
 * @throws {Error} when a request fails or a delay differs by more than rounding
 */
export async function checkSimulatorLatency(
  url: string,
  model: string,
  options: {
    readonly profile: LatencyProfile;
    readonly timeScale: number;
    readonly parallel: number;
    readonly signal: AbortSignal;
  },
): Promise<void> {
  await Promise.all(
    Array.from({ length: options.parallel }, () =>
      probe(url, model, options.profile, options.timeScale, options.signal),
    ),
  );
}

async function probe(
  url: string,
  model: string,
  profile: LatencyProfile,
  timeScale: number,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer simulator" },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: "Greet the benchmark." }],
      response_format: probeFormat,
    }),
    signal,
  });
  const body = (await response.json()) as { usage?: { completion_tokens?: unknown } };
  const completionTokens = body.usage?.completion_tokens;
  const scheduled = Number(response.headers.get("x-simulator-delay-ms"));
  if (!response.ok || typeof completionTokens !== "number" || !Number.isFinite(scheduled)) {
    throw new Error(
      `The simulator latency probe failed (HTTP ${response.status}): ${JSON.stringify(body).slice(0, 300)}`,
    );
  }
  const expected = modelledLatencyMs(profile, completionTokens, timeScale);
  if (Math.abs(scheduled - expected) > 1) {
    throw new Error(
      `The simulator schedules ${scheduled} ms for ${completionTokens} output tokens of "${model}", but a profile of ` +
        `${profile.timeToFirstTokenMs} ms to first token and ${profile.tokensPerSecond} tokens/s at time scale ${timeScale} gives ${expected.toFixed(1)} ms.`,
    );
  }
}
