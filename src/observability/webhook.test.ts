import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postWebhook, WebhookDeliveryError } from "./webhook.ts";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  let call = 0;
  server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      bodies.push(JSON.parse(body));
      response.statusCode = statuses[Math.min(call++, statuses.length - 1)]!;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/secret`, bodies };
}

describe("postWebhook", () => {
  it("retries a failing receiver with exponential backoff until it accepts", async () => {
    const { url, bodies } = await receiver([500, 503, 200]);
    const waits: number[] = [];
    await postWebhook(url, { text: "alert!" }, { baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(bodies).toEqual([{ text: "alert!" }, { text: "alert!" }, { text: "alert!" }]);
    expect(waits).toEqual([100, 200]);
  });

  it("gives up after the bounded tries without leaking the URL's secret path, and does not retry a 400", async () => {
    const failing = await receiver([500]);
    const waits: number[] = [];
    const error = await postWebhook(
      failing.url,
      { text: "x" },
      { attempts: 4, baseDelayMs: 100, maxDelayMs: 250, sleep: async (ms) => void waits.push(ms) },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    expect(failing.bodies).toHaveLength(4);
    expect(waits).toEqual([100, 200, 250]);
    expect(JSON.stringify((error as WebhookDeliveryError).toJSON())).not.toContain("secret");
    await new Promise((resolve) => server!.close(resolve));

    const refused = await receiver([400]);
    await expect(postWebhook(refused.url, { text: "x" }, { sleep: async () => {} })).rejects.toThrow("HTTP 400");
    expect(refused.bodies).toHaveLength(1);
  });
});
