import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { CourseforgeError } from "../errors/index.ts";
import { authenticate, createUser, disableUser, hashToken, issueToken, revokeTokens } from "./index.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

describe("API tokens", () => {
  it("issues a cf_ token stored only as its SHA-256 and authenticates it", async () => {
    const user = await createUser(testDatabase.db, { email: "token@example.com", role: "teacher" });
    const issued = await issueToken(testDatabase.db, user.id);
    expect(issued.token).toMatch(/^cf_[A-Za-z0-9_-]{43}$/);
    expect(issued.prefix).toBe(issued.token.slice(0, 9));
    const rows = await testDatabase.db.query<{ token_hash: string; token_prefix: string }>(
      `SELECT token_hash, token_prefix FROM api_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(rows).toEqual([{ token_hash: hashToken(issued.token), token_prefix: issued.prefix }]);
    expect(JSON.stringify(rows)).not.toContain(issued.token);

    expect(await authenticate(testDatabase.db, issued.token)).toEqual({ userId: user.id, role: "teacher" });
  });

  it("rejects unknown, altered and revoked tokens and disabled users", async () => {
    const user = await createUser(testDatabase.db, { email: "reject@example.com", role: "student" });
    const issued = await issueToken(testDatabase.db, user.id);
    expect(
      await authenticate(testDatabase.db, `${issued.token.slice(0, -1)}${issued.token.endsWith("A") ? "B" : "A"}`),
    ).toBeUndefined();
    expect(await authenticate(testDatabase.db, "cf_unknown")).toBeUndefined();
    expect(await authenticate(testDatabase.db, "not-a-token")).toBeUndefined();

    const second = await issueToken(testDatabase.db, user.id);
    expect(await revokeTokens(testDatabase.db, user.id)).toBe(2);
    expect(await authenticate(testDatabase.db, issued.token)).toBeUndefined();
    expect(await authenticate(testDatabase.db, second.token)).toBeUndefined();

    const third = await issueToken(testDatabase.db, user.id);
    expect(await authenticate(testDatabase.db, third.token)).toBeDefined();
    await disableUser(testDatabase.db, { id: user.id });
    expect(await authenticate(testDatabase.db, third.token)).toBeUndefined();
  });

  it("writes last_used_at on first use, not on every request", async () => {
    const user = await createUser(testDatabase.db, { email: "used@example.com", role: "student" });
    const issued = await issueToken(testDatabase.db, user.id);
    const lastUsed = async () =>
      (
        await testDatabase.db.query<{ last_used_at: Date | null }>(
          `SELECT last_used_at FROM api_tokens WHERE id = $1`,
          [issued.tokenId],
        )
      )[0]?.last_used_at;
    expect(await lastUsed()).toBeNull();
    await authenticate(testDatabase.db, issued.token);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await authenticate(testDatabase.db, issued.token);
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
    // An old value is refreshed.
    await testDatabase.db.query(`UPDATE api_tokens SET last_used_at = now() - interval '2 hours' WHERE id = $1`, [
      issued.tokenId,
    ]);
    await authenticate(testDatabase.db, issued.token);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime() - 60_000);
  });

  it("refuses a token for a user that does not exist", async () => {
    await expect(issueToken(testDatabase.db, "usr_missing")).rejects.toSatisfy(
      (error) => CourseforgeError.isInstance(error) && error.code === "USER_NOT_FOUND",
    );
  });
});
