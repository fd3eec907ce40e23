import { useEffect, useReducer, useState } from "react";
import { ApiError, type ApiClient } from "../api/client.ts";
import { followJobEvents } from "../api/follow-job-events.ts";
import type { JobEvent, Outline } from "../api/types.ts";
import { applyEvent, applyOutline, emptyProgress, type JobProgress } from "./progress.ts";

type Action =
  | { readonly kind: "event"; readonly event: JobEvent }
  | { readonly kind: "outline"; readonly outline: Outline }
  | { readonly kind: "reset" };

function reduce(progress: JobProgress, action: Action): JobProgress {
  if (action.kind === "reset") return emptyProgress;
  if (action.kind === "outline") return applyOutline(progress, action.outline);
  return applyEvent(progress, action.event);
}

/**
 * The live progress of a job: follows its event stream from the first event (so a reload rebuilds
 * everything), reads the outline once it is planned, and says whether the stream is live.
 */
export function useJobProgress(
  api: ApiClient,
  jobId: string,
): { progress: JobProgress; connection: "connecting" | "live" | "reconnecting" | "ended"; error: unknown } {
  const [progress, dispatch] = useReducer(reduce, emptyProgress);
  const [connection, setConnection] = useState<"connecting" | "live" | "reconnecting" | "ended">("connecting");
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    dispatch({ kind: "reset" });
    setConnection("connecting");
    setError(undefined);
    let outlineRead = false;
    const readOutline = () => {
      if (outlineRead) return;
      outlineRead = true;
      api.get<Outline>(`/v1/jobs/${encodeURIComponent(jobId)}/outline`, { signal: controller.signal }).then(
        (outline) => dispatch({ kind: "outline", outline }),
        (failure: unknown) => {
          // Not planned yet after all: read it at the next chance.
          if (failure instanceof ApiError && failure.code === "OUTLINE_NOT_READY") outlineRead = false;
        },
      );
    };
    followJobEvents(
      api,
      jobId,
      {
        onEvent: (event) => {
          dispatch({ kind: "event", event });
          if (event.type === "step.finished" && event.data.kind === "outline") readOutline();
          if (event.type === "job.awaiting_approval" || event.type === "job.outline_updated") outlineRead = true;
        },
        onConnection: (state, failure) => {
          setConnection(state);
          if (state === "reconnecting") setError(failure);
          else setError(undefined);
        },
      },
      { signal: controller.signal },
    ).then(
      () => !controller.signal.aborted && setConnection("ended"),
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setConnection("ended");
      },
    );
    return () => controller.abort();
  }, [api, jobId]);

  return { progress, connection, error };
}
