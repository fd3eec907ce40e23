import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatDateTime,
  formatDay,
  formatDuration,
  formatSeconds,
  formatUsd,
  isoToLocalInput,
  localInputToIso,
} from "./format.ts";

describe("formatting", () => {
  it("round-trips a datetime-local value through ISO 8601 in the browser's zone", () => {
    const iso = localInputToIso("2026-03-10T09:45");
    expect(iso).toBe(new Date(2026, 2, 10, 9, 45).toISOString());
    expect(isoToLocalInput(iso!)).toBe("2026-03-10T09:45");
    expect(localInputToIso("")).toBeUndefined();
    expect(localInputToIso("not a date")).toBeUndefined();
    expect(isoToLocalInput(null)).toBe("");
  });

  it("shows small costs to the hundredth of a cent and counts without fractions", () => {
    expect(formatUsd(0.00046)).toMatch(/0\.0005/);
    expect(formatUsd(12.3456)).toMatch(/12\.35/);
    expect(formatUsd(0)).toMatch(/0\.00$/);
    expect(formatCount(12345.4)).toMatch(/^12.345$/);
  });

  it("shows durations in ms, s, then minutes and hours", () => {
    expect(formatDuration(80.4)).toBe("80 ms");
    expect(formatDuration(1234)).toBe("1.23 s");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(61_000)).toBe("1 min 1 s");
    expect(formatSeconds(95)).toBe("1 min 35 s");
    expect(formatSeconds(120)).toBe("2 min");
    expect(formatSeconds(7_500)).toBe("2 h 5 min");
    expect(formatSeconds(-3)).toBe("0 s");
  });

  it("shows date-times to the second unless asked for minutes, and a dash for none", () => {
    const iso = new Date(2026, 10, 28, 14, 5, 9).toISOString();
    expect(formatDateTime(iso)).toMatch(/09/);
    expect(formatDateTime(iso, "minute")).not.toMatch(/:09/);
    expect(formatDateTime(iso, "minute")).toMatch(/05/);
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("not a date");
  });

  it("keeps a UTC day on its date whatever the zone", () => {
    expect(formatDay("2026-03-09")).toMatch(/9/);
    expect(formatDay("2026-03-09")).not.toMatch(/8|10/);
  });
});
