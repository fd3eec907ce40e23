import { useEffect, useState, type ReactNode } from "react";
import { ApiError } from "../api/client.ts";
import { formatSeconds } from "./format.ts";

/** A loading indicator announced to screen readers. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** Says what to do when there is nothing to show yet. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

function useCountdown(seconds: number | undefined): number | undefined {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    if (seconds === undefined) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

/** A sentence for any error: API down, rate limited (with when to retry), or the API's own message. */
export function describeError(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) {
    if (error.code === "NETWORK")
      return {
        title: "The server does not answer",
        message: "Courseforge cannot be reached. Check that it is running, then try again.",
      };
    if (error.status === 429) return { title: "Too many requests", message: error.message };
    if (error.status === 401) return { title: "Not signed in", message: error.message };
    if (error.status === 403) return { title: "Not allowed", message: error.message };
    if (error.status === 404) return { title: "Not found", message: error.message };
    if (error.status >= 500) return { title: "The server had a problem", message: error.message };
    return { title: "Something went wrong", message: error.message };
  }
  return { title: "Something went wrong", message: error instanceof Error ? error.message : String(error) };
}

/** An error with what it means and, when it makes sense, a retry button (disabled until Retry-After has passed). */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const { title, message } = describeError(error);
  const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : undefined;
  const left = useCountdown(retryAfter);
  const waiting = left !== undefined && left > 0;
  return (
    <div className="error-state" role="alert">
      <h2>{title}</h2>
      <p>{message}</p>
      {retryAfter !== undefined && (
        <p className="retry-after">
          {waiting ? `You can try again in ${formatSeconds(left)}.` : "You can try again now."}
        </p>
      )}
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry} disabled={waiting}>
          Try again
        </button>
      )}
    </div>
  );
}
