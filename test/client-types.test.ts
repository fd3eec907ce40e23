import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { clientTypesFile, clientTypesSource } from "../scripts/client-types.ts";

// The typed client's types are generated from the OpenAPI document the routes make: a route or
// schema changed without `npm run client:types` fails here (and so in CI).
describe("the typed client's generated types", () => {
  it("match what the API's OpenAPI document generates now", async () => {
    const committed = await readFile(clientTypesFile, "utf8");
    expect(
      committed === (await clientTypesSource()),
      "src/client/openapi-types.ts is stale: run `npm run client:types`",
    ).toBe(true);
  });
});
