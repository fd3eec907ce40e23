import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpService } from "../src/app/index.ts";
import { MeResponse } from "../src/http/schemas.ts";
import { expectError, expectJson } from "./support/http-helpers.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import {
  makeSigningKey,
  signAccessToken,
  startJwksServer,
  type JwksServer,
  type SigningKey,
} from "./support/jwks-server.ts";

// The API with Supabase sign-in configured as loadConfig gives it from SUPABASE_URL and the role
// settings: a project's JWKS served over real HTTP, tokens as Supabase issues them.

let service: TestService;
let jwks: JwksServer;
let current: SigningKey;

beforeAll(async () => {
  service = await startTestService();
  current = await makeSigningKey("ES256", "current");
  jwks = await startJwksServer([current]);
});
afterAll(async () => {
  await jwks?.close();
  await service?.cleanup();
});

describe("Supabase access tokens at the API", () => {
  it("signs a new user in (provisioned, role from app_metadata.role) and refuses an unknown key id with 401", async () => {
    const app = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: {
        auth: {
          supabaseJwksUrl: jwks.url,
          supabaseIssuer: jwks.issuer,
          roleClaim: "app_metadata.role",
          defaultRole: "student",
          provisionUsers: true,
        },
      },
    }).app;
    const sub = "5d1c3b2a-0000-4000-8000-00000000abcd";
    const token = await signAccessToken(
      current,
      { sub, email: "platform.user@example.com", app_metadata: { role: "teacher" } },
      jwks,
    );
    const me = await app.request("/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(await expectJson(me, 200, MeResponse)).toEqual({
      userId: sub,
      email: "platform.user@example.com",
      role: "teacher",
    });

    const before = jwks.fetches();
    const forged = await signAccessToken(await makeSigningKey("ES256", "never-published"), { sub }, jwks);
    const refused = await app.request("/v1/me", { headers: { authorization: `Bearer ${forged}` } });
    await expectError(refused, 401, "UNAUTHENTICATED");
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    // At most the one refresh the unknown key id may cause (none within the cooldown after the first fetch).
    expect(jwks.fetches() - before).toBeLessThanOrEqual(1);
  });
});
