// Numbers, money, durations and dates for every page, in the browser's locale.
import type { JobStatus } from "../api/types.ts";

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

/** `12345` → `12,345`. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** `0.0346` → `$0.0346`: small costs to the hundredth of a cent, cents for a dollar and more. */
export function formatUsd(value: number): string {
  const digits = value === 0 ? 2 : Math.abs(value) < 1 ? 4 : 2;
  return new Intl.NumberFormat(undefined, {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** `0.125` → `12.5%`. */
export function formatPercent(share: number): string {
  return percentFormat.format(share);
}

/** Seconds as `45 s`, `1 min 35 s`, `2 h 5 min`. */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min${whole % 60 === 0 ? "" : ` ${whole % 60} s`}`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Milliseconds as `80 ms`, `1.23 s`, `12.3 s`, then as {@link formatSeconds} from a minute on. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1_000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1_000).toFixed(milliseconds < 10_000 ? 2 : 1)} s`;
  return formatSeconds(milliseconds / 1_000);
}

/** An ISO date-time as local date and time, to the minute or (logs, alerts) the second; `—` for none. */
export function formatDateTime(iso: string | null | undefined, precision: "minute" | "second" = "second"): string {
  if (iso === null || iso === undefined) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(precision === "second" ? { second: "2-digit" } : {}),
  });
}

/** `2026-03-09` → `9 Mar` (the day is UTC; it is not shifted into the local zone). */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : date.toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
}

/** An ISO hour start as the local hour, e.g. `2 PM` or `14`. */
export function formatHour(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "numeric" });
}

/** A `datetime-local` input's value (local time) as ISO 8601, or `undefined` when empty or invalid. */
export function localInputToIso(value: string): string | undefined {
  if (value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** ISO 8601 as a `datetime-local` input's value (local time, to the minute). */
export function isoToLocalInput(iso: string | null): string {
  if (iso === null || iso === "") return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Job statuses as teachers say them (the admin pages use the API's words: admin/types.ts). */
export const statusLabels: Readonly<Record<JobStatus, string>> = {
  queued: "Queued",
  running: "Generating",
  awaiting_approval: "Awaiting your review",
  succeeded: "Ready",
  failed: "Failed",
  canceled: "Canceled",
};
