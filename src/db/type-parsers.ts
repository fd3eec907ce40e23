import { DatabaseQueryError } from "./errors.ts";

/** PostgreSQL type OIDs whose text form both adapters parse with the functions below. */
export const typeIds = {
  int8: 20,
  int8Array: 1016,
  numeric: 1700,
  numericArray: 1231,
  date: 1082,
  dateArray: 1182,
} as const;

/**
 * Parses an `int8` as a JS number. Throws instead of rounding when the value is outside
 * ±`Number.MAX_SAFE_INTEGER`: a silently wrong id or token count is worse than a loud error.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new DatabaseQueryError(`The bigint value ${text} does not fit in a JS number without losing precision.`, {
      details: { value: text, maxSafeInteger: Number.MAX_SAFE_INTEGER },
    });
  }
  return value;
}

/** Parses a `numeric` as a JS number (`NaN` and `±Infinity` included). */
export function parseNumeric(text: string): number {
  return Number(text);
}

/** Keeps a `date` as its calendar text `YYYY-MM-DD`: a day has no instant, so no time zone can shift it. */
export function parseDate(text: string): string {
  return text;
}

/**
 * Parses the text form of a PostgreSQL array whose elements never need quoting (numbers, dates),
 * e.g. `{1,NULL,3}` or `{{1,2},{3,4}}`, applying `parseElement` to each non-null element.
 */
export function parseUnquotedArray<T>(text: string, parseElement: (element: string) => T): unknown[] {
  // A non-default lower bound is printed as a prefix (`[0:1]={1,2}`); the values are what matter.
  const body = text.startsWith("[") ? text.slice(text.indexOf("=") + 1) : text;
  let position = 0;
  const parseLevel = (): unknown[] => {
    if (body[position] !== "{") throw new SyntaxError(`Malformed array literal: ${text}`);
    position += 1;
    const values: unknown[] = [];
    if (body[position] === "}") {
      position += 1;
      return values;
    }
    for (;;) {
      if (body[position] === "{") {
        values.push(parseLevel());
      } else {
        let end = position;
        while (end < body.length && body[end] !== "," && body[end] !== "}") end += 1;
        const element = body.slice(position, end);
        values.push(element === "NULL" ? null : parseElement(element));
        position = end;
      }
      const separator = body[position];
      position += 1;
      if (separator === "}") return values;
      if (separator !== ",") throw new SyntaxError(`Malformed array literal: ${text}`);
    }
  };
  return parseLevel();
}

/** The parsers both adapters install, by type OID, so that rows look the same from either driver. */
export const sharedTypeParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [typeIds.int8]: parseInt8,
  [typeIds.int8Array]: (text) => parseUnquotedArray(text, parseInt8),
  [typeIds.numeric]: parseNumeric,
  [typeIds.numericArray]: (text) => parseUnquotedArray(text, parseNumeric),
  [typeIds.date]: parseDate,
  [typeIds.dateArray]: (text) => parseUnquotedArray(text, parseDate),
};
