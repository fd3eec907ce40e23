import { ConfigError } from "./config-error.ts";

/** The schema Courseforge's tables live in when nothing says otherwise. */
export const defaultDatabaseSchema = "courseforge";

/** The first schema of a `-c search_path=…` in a connection URL's `options`, if any. */
export function searchPathSchemaOf(databaseUrl: string | undefined): string | undefined {
  if (databaseUrl === undefined) return undefined;
  let options: string | null;
  try {
    options = new URL(databaseUrl).searchParams.get("options");
  } catch {
    return undefined; // The URL's own check names the problem.
  }
  const match = options === null ? null : /(?:^|\s)-c\s*search_path=("?)([^,\s"]+)\1/.exec(options);
  return match?.[2];
}

/**
 * The schema of Courseforge's tables: `COURSEFORGE_DB_SCHEMA`; else the first schema of the
 * `search_path` that `DATABASE_URL` sets in its `options` (a URL made for one schema keeps working);
 * else `courseforge`. The two disagreeing is an error rather than a guess.
 */
export function databaseSchemaOf(configured: string | undefined, databaseUrl: string | undefined): string {
  const fromUrl = searchPathSchemaOf(databaseUrl);
  const schema = configured?.trim();
  if (schema !== undefined && fromUrl !== undefined && schema !== fromUrl) {
    throw new ConfigError(
      `Invalid configuration: COURSEFORGE_DB_SCHEMA is ${schema} but DATABASE_URL sets search_path=${fromUrl}.`,
      { setting: "COURSEFORGE_DB_SCHEMA" },
      "Remove the search_path option from DATABASE_URL, or make the two name the same schema.",
    );
  }
  return schema ?? fromUrl ?? defaultDatabaseSchema;
}
