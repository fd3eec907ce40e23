import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { checkPortAvailable } from "./port.ts";

let holder: Server;
let busyPort: number;
beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen({ port: 0, host: "127.0.0.1" }, resolve));
  busyPort = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
});

describe("checkPortAvailable", () => {
  it("refuses a busy port with one sentence naming the port and PORT", async () => {
    const error = await checkPortAvailable(busyPort, "127.0.0.1").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(CourseforgeError.isInstance(error) && error.code).toBe("PORT_IN_USE");
    const message = (error as Error).message;
    expect(message).toContain(`Port ${busyPort} on 127.0.0.1 is already in use`);
    expect(message).toContain("PORT");
    expect(message).not.toContain("\n");
  });

  it("accepts a free port and leaves it free, and always accepts port 0", async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await checkPortAvailable(busyPort, "127.0.0.1");
    await checkPortAvailable(busyPort, "127.0.0.1");
    await checkPortAvailable(0, "127.0.0.1");
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ port: busyPort, host: "127.0.0.1" }, resolve));
  });
});
