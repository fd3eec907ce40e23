import { InvalidInputError } from "../errors/index.ts";
import type { CourseKey } from "../store/index.ts";

/** Encodes a keyset position as an opaque cursor (clients pass it back unchanged). */
export function encodeCursor(key: CourseKey): string {
  return Buffer.from(JSON.stringify([key.createdAtKey, key.id]), "utf8").toString("base64url");
}

const keyTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Decodes a cursor made by {@link encodeCursor}; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): CourseKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [createdAtKey, id] = decoded as unknown[];
    if (
      typeof createdAtKey === "string" &&
      keyTime.test(createdAtKey) &&
      !Number.isNaN(Date.parse(createdAtKey)) &&
      typeof id === "string" &&
      id.length <= 200
    ) {
      return { createdAtKey, id };
    }
  }
  throw new InvalidInputError("Invalid query: cursor: must be the nextCursor of a previous page.", {
    details: {
      location: "query",
      field: "cursor",
      issues: [{ field: "cursor", message: "must be the nextCursor of a previous page" }],
    },
  });
}
