import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import {
  makeSigningKey,
  signAccessToken,
  startJwksServer,
  type JwksServer,
  type SigningKey,
} from "../../test/support/jwks-server.ts";
import {
  claimAt,
  createSupabaseSignIn,
  createUser,
  disableUser,
  findUser,
  type SupabaseSignInOptions,
} from "./index.ts";

// Supabase's asymmetric signing keys, served by a real HTTP JWKS endpoint that the tests rotate.
let testDatabase: TestDatabase;
let jwks: JwksServer;
let first: SigningKey;
let rsa: SigningKey;
let next: SigningKey;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  first = await makeSigningKey("ES256", "key-1");
  rsa = await makeSigningKey("RS256", "key-rsa");
  next = await makeSigningKey("ES256", "key-2");
  jwks = await startJwksServer([first, rsa]);
});
afterAll(async () => {
  await jwks?.close();
  await testDatabase?.cleanup();
});

let userNumber = 0;
function newSub(): string {
  userNumber += 1;
  return `00000000-0000-4000-8000-${String(userNumber).padStart(12, "0")}`;
}

function signIn(options: Partial<SupabaseSignInOptions> = {}) {
  const signInWith = createSupabaseSignIn({ jwksUrl: jwks.url, issuer: jwks.issuer, ...options });
  return (token: string) => signInWith(testDatabase.db, token);
}

const token = (key: SigningKey, claims: Record<string, unknown>) => signAccessToken(key, claims, jwks);

describe("Supabase access tokens signed with the project's JWKS keys", () => {
  it("verifies ES256 and RS256 tokens, fetching the keys once and then using the cache", async () => {
    const authenticate = signIn();
    const before = jwks.fetches();
    const sub = newSub();
    expect(await authenticate(await token(first, { sub, email: "es@example.com" }))).toEqual({
      userId: sub,
      role: "student",
    });
    expect(await authenticate(await token(rsa, { sub, email: "es@example.com" }))).toEqual({
      userId: sub,
      role: "student",
    });
    expect(await authenticate(await token(first, { sub }))).toBeDefined();
    expect(jwks.fetches() - before).toBe(1);
  });

  it("follows a key rotation: a token from the new key verifies after one refresh", async () => {
    const authenticate = signIn({ jwksRefreshCooldownMs: 0 });
    const sub = newSub();
    expect(await authenticate(await token(first, { sub, email: "rotating@example.com" }))).toBeDefined();
    jwks.publish([first, rsa, next]);
    const before = jwks.fetches();
    expect(await authenticate(await token(next, { sub }))).toEqual({ userId: sub, role: "student" });
    expect(jwks.fetches() - before).toBe(1);
    // The old key is revoked: its tokens stop verifying once the keys are fetched again.
    jwks.publish([next, rsa]);
    expect(await signIn()(await token(first, { sub }))).toBeUndefined();
    jwks.publish([first, rsa]);
  });

  it("refuses a token from an unknown key id after one refresh, and refreshes at most once per cooldown", async () => {
    const authenticate = signIn({ jwksRefreshCooldownMs: 60_000 });
    const sub = newSub();
    expect(await authenticate(await token(first, { sub, email: "known@example.com" }))).toBeDefined();
    const stranger = await makeSigningKey("ES256", "key-unknown");
    const before = jwks.fetches();
    // Within the cooldown after the first fetch: no refresh at all.
    expect(await authenticate(await token(stranger, { sub }))).toBeUndefined();
    expect(jwks.fetches() - before).toBe(0);

    const eager = signIn({ jwksRefreshCooldownMs: 0 });
    expect(await eager(await token(first, { sub }))).toBeDefined();
    const beforeEager = jwks.fetches();
    expect(await eager(await token(stranger, { sub }))).toBeUndefined();
    expect(jwks.fetches() - beforeEager).toBe(1);
  });

  it("requires exp, the audience and the issuer, and takes no algorithm from the token", async () => {
    const authenticate = signIn();
    const sub = newSub();
    expect(await authenticate(await token(first, { sub, email: "claims@example.com" }))).toBeDefined();
    expect(await authenticate(await token(first, { sub, exp: undefined }))).toBeUndefined();
    expect(await authenticate(await token(first, { sub, exp: Math.floor(Date.now() / 1000) - 5 }))).toBeUndefined();
    expect(await authenticate(await token(first, { sub, aud: "anon" }))).toBeUndefined();
    expect(await authenticate(await token(first, { sub, iss: "https://other.supabase.co/auth/v1" }))).toBeUndefined();
    expect(await authenticate(await token(first, { sub: undefined }))).toBeUndefined();
    // HS256 "signed" with the public key's text, the classic algorithm confusion: no secret is configured.
    const confused = await new SignJWT({ sub, aud: "authenticated", iss: jwks.issuer, exp: 9_999_999_999 })
      .setProtectedHeader({ alg: "HS256", kid: first.kid })
      .sign(new TextEncoder().encode(JSON.stringify(first.publicJwk)));
    expect(await authenticate(confused)).toBeUndefined();
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: first.kid })).toString("base64url")}.${Buffer.from(
      JSON.stringify({ sub, aud: "authenticated", iss: jwks.issuer, exp: 9_999_999_999 }),
    ).toString("base64url")}.`;
    expect(await authenticate(none)).toBeUndefined();
  });

  it("accepts the legacy HS256 secret beside the JWKS", async () => {
    const secret = "legacy-project-secret-with-more-than-32-characters";
    const authenticate = signIn({ jwtSecret: secret });
    const sub = newSub();
    const legacy = await new SignJWT({ sub, aud: "authenticated", iss: jwks.issuer, email: "legacy@example.com" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(secret));
    expect(await authenticate(legacy)).toEqual({ userId: sub, role: "student" });
    expect(await authenticate(await token(first, { sub }))).toEqual({ userId: sub, role: "student" });
  });
});

describe("users provisioned on first sign-in", () => {
  it("creates the user from sub and email with the default role, once", async () => {
    const authenticate = signIn({ defaultRole: "teacher" });
    const sub = newSub();
    expect(await findUser(testDatabase.db, sub)).toBeUndefined();
    const signedIn = await token(first, { sub, email: "New.Teacher@Example.com" });
    const [one, two] = await Promise.all([authenticate(signedIn), authenticate(signedIn)]);
    expect(one).toEqual({ userId: sub, role: "teacher" });
    expect(two).toEqual({ userId: sub, role: "teacher" });
    expect(await findUser(testDatabase.db, sub)).toMatchObject({
      id: sub,
      email: "new.teacher@example.com",
      role: "teacher",
      disabledAt: null,
    });
  });

  it("takes the role from the configured claim path, follows its changes, and ignores values that are no role", async () => {
    const authenticate = signIn({ roleClaim: "app_metadata.role" });
    const sub = newSub();
    const as = async (role: unknown) =>
      authenticate(await token(first, { sub, email: "claimed@example.com", app_metadata: { role } }));
    expect(await as("teacher")).toEqual({ userId: sub, role: "teacher" });
    expect(await as("admin")).toEqual({ userId: sub, role: "admin" });
    expect((await findUser(testDatabase.db, sub))?.role).toBe("admin");
    expect(await as("superuser")).toEqual({ userId: sub, role: "admin" });
    // Without the claim configured, the stored role stands whatever the token says.
    expect(await signIn()(await token(first, { sub, app_metadata: { role: "student" } }))).toEqual({
      userId: sub,
      role: "admin",
    });
  });

  it("keeps a disabled user disabled, whatever role its token claims", async () => {
    const authenticate = signIn({ roleClaim: "app_metadata.role" });
    const sub = newSub();
    const signedIn = await token(first, { sub, email: "leaving@example.com", app_metadata: { role: "teacher" } });
    expect(await authenticate(signedIn)).toBeDefined();
    await disableUser(testDatabase.db, { id: sub });
    expect(await authenticate(signedIn)).toBeUndefined();
    expect(await authenticate(await token(first, { sub, app_metadata: { role: "admin" } }))).toBeUndefined();
    expect(await findUser(testDatabase.db, sub)).toMatchObject({ role: "teacher", disabledAt: expect.any(Date) });
  });

  it("refuses a first sign-in whose email another user has, and provisions nobody when provisioning is off", async () => {
    await createUser(testDatabase.db, { email: "taken@example.com", role: "student" });
    const sub = newSub();
    expect(await signIn()(await token(first, { sub, email: "taken@example.com" }))).toBeUndefined();
    expect(await findUser(testDatabase.db, sub)).toBeUndefined();
    const other = newSub();
    expect(
      await signIn({ provisionUsers: false })(await token(first, { sub: other, email: "off@example.com" })),
    ).toBeUndefined();
    expect(await findUser(testDatabase.db, other)).toBeUndefined();
  });

  it("gives a user without an email (phone sign-in) a unique placeholder address", async () => {
    const sub = newSub();
    expect(await signIn()(await token(first, { sub, phone: "+15550100" }))).toEqual({ userId: sub, role: "student" });
    expect((await findUser(testDatabase.db, sub))?.email).toBe(`${sub}@supabase-user.invalid`);
  });
});

describe("claimAt", () => {
  it("reads dotted paths and nothing else", () => {
    const claims = { app_metadata: { role: "teacher", nested: { deep: 1 } }, list: ["a"] };
    expect(claimAt(claims, "app_metadata.role")).toBe("teacher");
    expect(claimAt(claims, "app_metadata.nested.deep")).toBe(1);
    expect(claimAt(claims, "app_metadata.missing")).toBeUndefined();
    expect(claimAt(claims, "list.0")).toBeUndefined();
    expect(claimAt(claims, "app_metadata.role.length")).toBeUndefined();
    expect(claimAt(claims, "constructor")).toBeUndefined();
  });
});
