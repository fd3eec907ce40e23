import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./index.ts";

function errorOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return expect.unreachable("the configuration was accepted");
}

describe("loadConfig: Supabase sign-in", () => {
  it("derives the JWKS URL and the issuer from SUPABASE_URL, with provisioning on and student by default", () => {
    const { auth } = loadConfig({ SUPABASE_URL: "https://abcdefgh.supabase.co/" });
    expect(auth).toMatchObject({
      supabaseJwksUrl: "https://abcdefgh.supabase.co/auth/v1/.well-known/jwks.json",
      supabaseIssuer: "https://abcdefgh.supabase.co/auth/v1",
      supabaseAudience: "authenticated",
      provisionUsers: true,
      defaultRole: "student",
    });
    expect(auth.roleClaim).toBeUndefined();
    expect(loadConfig({}).auth.supabaseJwksUrl).toBeUndefined();
  });

  it("lets the explicit variables win and reads the role settings", () => {
    const { auth } = loadConfig({
      SUPABASE_URL: "http://127.0.0.1:54321",
      SUPABASE_JWKS_URL: "https://keys.example.com/jwks.json",
      SUPABASE_JWT_ISSUER: "https://issuer.example.com",
      SUPABASE_JWT_AUDIENCE: "courseforge",
      COURSEFORGE_PROVISION_USERS: "FALSE",
      COURSEFORGE_ROLE_CLAIM: "app_metadata.courseforge.role",
      COURSEFORGE_DEFAULT_ROLE: "teacher",
    });
    expect(auth).toMatchObject({
      supabaseJwksUrl: "https://keys.example.com/jwks.json",
      supabaseIssuer: "https://issuer.example.com",
      supabaseAudience: "courseforge",
      provisionUsers: false,
      roleClaim: "app_metadata.courseforge.role",
      defaultRole: "teacher",
    });
  });

  it("names each bad setting and what to do", () => {
    expect(errorOf({ SUPABASE_URL: "abcdefgh.supabase.co" })).toMatch(/SUPABASE_URL must be the project's URL/);
    expect(errorOf({ SUPABASE_JWKS_URL: "https://keys.example.com/jwks.json" })).toMatch(
      /SUPABASE_JWKS_URL needs SUPABASE_JWT_ISSUER/,
    );
    expect(errorOf({ SUPABASE_JWKS_URL: "ftp://keys", SUPABASE_JWT_ISSUER: "x" })).toMatch(
      /SUPABASE_JWKS_URL \(or SUPABASE_URL\) must be an http\(s\) URL/,
    );
    expect(errorOf({ COURSEFORGE_PROVISION_USERS: "yes" })).toMatch(
      /COURSEFORGE_PROVISION_USERS must be true or false/,
    );
    expect(errorOf({ COURSEFORGE_ROLE_CLAIM: "app_metadata..role" })).toMatch(/must be a dotted claim path/);
    expect(errorOf({ COURSEFORGE_ROLE_CLAIM: "user_metadata.role" })).toMatch(/must not read user_metadata/);
    expect(errorOf({ COURSEFORGE_DEFAULT_ROLE: "owner" })).toMatch(
      /COURSEFORGE_DEFAULT_ROLE must be one of student, teacher, admin/,
    );
    expect(errorOf({ COURSEFORGE_DEFAULT_ROLE: "admin" })).toMatch(/must not be admin/);
  });
});

describe("loadConfig: COURSEFORGE_DB_SCHEMA", () => {
  it("is courseforge by default, else the variable, else the search_path DATABASE_URL sets", () => {
    expect(loadConfig({}).database.schema).toBe("courseforge");
    expect(loadConfig({ COURSEFORGE_DB_SCHEMA: "learning" }).database.schema).toBe("learning");
    expect(loadConfig({ COURSEFORGE_DB_SCHEMA: "public" }).database.schema).toBe("public");
    const url = `postgres://u@db:5432/app?options=${encodeURIComponent("-c search_path=tenant_a")}`;
    expect(loadConfig({ DATABASE_URL: url }).database.schema).toBe("tenant_a");
    expect(loadConfig({ DATABASE_URL: url, COURSEFORGE_DB_SCHEMA: "tenant_a" }).database.schema).toBe("tenant_a");
  });

  it("refuses a bad name, a clash with the URL's search_path and the queue's schema", () => {
    expect(errorOf({ COURSEFORGE_DB_SCHEMA: "Course-Forge" })).toMatch(
      /COURSEFORGE_DB_SCHEMA .* lowercase schema name/,
    );
    const url = `postgres://u@db:5432/app?options=${encodeURIComponent("-c search_path=tenant_a")}`;
    expect(errorOf({ DATABASE_URL: url, COURSEFORGE_DB_SCHEMA: "tenant_b" })).toMatch(
      /COURSEFORGE_DB_SCHEMA is tenant_b but DATABASE_URL sets search_path=tenant_a/,
    );
    expect(errorOf({ COURSEFORGE_DB_SCHEMA: "pgboss" })).toMatch(/needs a schema of its own/);
  });
});
