import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { authenticate, createSupabaseSignIn, createUser, disableUser, findUser } from "./index.ts";

const secret = "super-secret-jwt-token-with-at-least-32-characters-long";
const supabaseUserId = "0b6f7a3e-1d2c-4b5a-8f9e-0a1b2c3d4e5f";
let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  await createUser(testDatabase.db, { email: "supabase@example.com", role: "teacher", id: supabaseUserId });
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const now = () => Math.floor(Date.now() / 1000);
function accessToken(claims: Record<string, unknown>, key = secret): Promise<string> {
  return sign(
    { aud: "authenticated", role: "authenticated", sub: supabaseUserId, exp: now() + 3600, iat: now(), ...claims },
    key,
    "HS256",
  );
}

describe("Supabase JWTs", () => {
  it("authenticates a valid access token as the users-table user, role from the table", async () => {
    const token = await accessToken({ user_role: "admin", app_metadata: { role: "admin" } });
    expect(await authenticate(testDatabase.db, token, { supabaseJwtSecret: secret })).toEqual({
      userId: supabaseUserId,
      role: "teacher",
    });
  });

  it("refuses tokens when no secret is configured", async () => {
    expect(await authenticate(testDatabase.db, await accessToken({}))).toBeUndefined();
  });

  it("refuses a wrong signature, an expired token, another audience, no sub, and an unknown sub without provisioning", async () => {
    const options = { supabaseJwtSecret: secret };
    expect(
      await authenticate(
        testDatabase.db,
        await accessToken({}, "another-secret-that-is-long-enough-to-be-used!"),
        options,
      ),
    ).toBeUndefined();
    expect(await authenticate(testDatabase.db, await accessToken({ exp: now() - 10 }), options)).toBeUndefined();
    expect(await authenticate(testDatabase.db, await accessToken({ aud: "anon" }), options)).toBeUndefined();
    // The anon key: signed with the same secret, no sub.
    const anonKey = await sign({ role: "anon", iss: "supabase", iat: now(), exp: now() + 3600 }, secret, "HS256");
    expect(await authenticate(testDatabase.db, anonKey, options)).toBeUndefined();
    const withoutProvisioning = { supabase: createSupabaseSignIn({ jwtSecret: secret, provisionUsers: false }) };
    const unknown = await accessToken({ sub: "11111111-2222-3333-4444-555555555555" });
    expect(await authenticate(testDatabase.db, unknown, withoutProvisioning)).toBeUndefined();
    expect(await findUser(testDatabase.db, "11111111-2222-3333-4444-555555555555")).toBeUndefined();
    expect(await authenticate(testDatabase.db, "a.b.c", options)).toBeUndefined();
  });

  it("refuses a correctly signed token without exp: it would never expire", async () => {
    const options = { supabaseJwtSecret: secret };
    const claims = { aud: "authenticated", role: "authenticated", sub: supabaseUserId, iat: now() };
    expect(await authenticate(testDatabase.db, await sign(claims, secret, "HS256"), options)).toBeUndefined();
    // The same claims with an exp authenticate: only the missing expiry is refused.
    expect(
      await authenticate(testDatabase.db, await sign({ ...claims, exp: now() + 60 }, secret, "HS256"), options),
    ).toEqual({ userId: supabaseUserId, role: "teacher" });
  });

  it("refuses an alg other than HS256 (none)", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: supabaseUserId, aud: "authenticated", exp: now() + 60 }),
    ).toString("base64url");
    expect(
      await authenticate(testDatabase.db, `${header}.${payload}.x`, { supabaseJwtSecret: secret }),
    ).toBeUndefined();
  });

  it("refuses a disabled user's token", async () => {
    const id = "9a8b7c6d-0000-4000-8000-000000000001";
    await createUser(testDatabase.db, { email: "gone@example.com", role: "student", id });
    const token = await accessToken({ sub: id });
    expect(await authenticate(testDatabase.db, token, { supabaseJwtSecret: secret })).toEqual({
      userId: id,
      role: "student",
    });
    await disableUser(testDatabase.db, { id });
    expect(await authenticate(testDatabase.db, token, { supabaseJwtSecret: secret })).toBeUndefined();
  });
});
