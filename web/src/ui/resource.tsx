import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { ApiClient } from "../api/client.ts";
import { useSession } from "../session/index.tsx";
import { ErrorState, Loading } from "./states.tsx";

/** What a page has read from the API: loading, failed, or its data (`refreshing`: a reload is under way, the data stays shown). */
export type Resource<T> =
  | { readonly kind: "loading" }
  | { readonly kind: "error"; readonly error: unknown }
  | { readonly kind: "ready"; readonly data: T; readonly refreshing: boolean };

/**
 * Reads from the API whenever `key` changes (showing "loading") or `reload()` is called (keeping
 * the data shown while it reloads); a page that is left aborts its request. `update(change)`
 * replaces the data in place, after an action answered with the new value.
 */
export function useApiResource<T>(
  key: string,
  load: (api: ApiClient, signal: AbortSignal) => Promise<T>,
): { resource: Resource<T>; reload(): void; update(change: (data: T) => T): void } {
  const { api } = useSession();
  const [state, setState] = useState<Resource<T> & { readonly key?: string }>({ kind: "loading" });
  const [version, setVersion] = useState(0);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) =>
      previous.kind === "ready" && previous.key === key ? { ...previous, refreshing: true } : { kind: "loading" },
    );
    loader.current(api, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ kind: "ready", data, refreshing: false, key }),
      (error: unknown) => !controller.signal.aborted && setState({ kind: "error", error }),
    );
    return () => controller.abort();
  }, [api, key, version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((previous) => (previous.kind === "ready" ? { ...previous, data: change(previous.data) } : previous)),
    [],
  );
  return { resource: state, reload, update };
}

/** Shows the loading and error states of a resource, and `children(data)` once it is there. */
export function ResourceView<T>({
  resource,
  reload,
  label,
  children,
}: {
  resource: Resource<T>;
  reload(): void;
  label?: string;
  children(data: T): ReactNode;
}) {
  if (resource.kind === "loading") return <Loading label={label} />;
  if (resource.kind === "error") return <ErrorState error={resource.error} onRetry={reload} />;
  return <>{children(resource.data)}</>;
}
