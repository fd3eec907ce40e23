/** The `/_simulator/…` control endpoints: faults, outages and counters at run time. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { CourseforgeError } from "../errors/index.ts";
import { parseBatchSettings } from "./batch-settings.ts";
import { parseFaultOptions } from "./faults.ts";
import { HttpError, readJsonBody, sendJson } from "./http.ts";
import type { SimulatorState } from "./state.ts";
import { copyStats, emptyStats } from "./state.ts";

const outageBody = z.strictObject({ ms: z.number().min(0).max(86_400_000) });

/** Starts (or, with 0, ends) an outage of `milliseconds` wall-clock time. */
export function startOutage(state: SimulatorState, milliseconds: number): void {
  if (!Number.isFinite(milliseconds) || milliseconds < 0)
    throw new RangeError(`An outage lasts 0 or more milliseconds (got ${milliseconds}).`);
  state.outageUntil = state.now() + milliseconds;
}

/**
 * Answers a control request; returns false when the path is not a control endpoint.
 * - `GET|POST /_simulator/faults` reads or replaces the fault options;
 * - `POST /_simulator/outage` `{ "ms": N }` makes every `/v1` request fail with 503 for N ms;
 * - `GET|POST /_simulator/batches` reads or changes the Batch API settings (fields given only);
 * - `GET /_simulator/stats` returns the counters, `POST /_simulator/stats/reset` zeroes them.
 */
export async function handleControl(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  state: SimulatorState,
): Promise<boolean> {
  const route = `${request.method ?? "GET"} ${path}`;
  switch (route) {
    case "GET /_simulator/faults":
      sendJson(response, 200, state.faults);
      return true;
    case "POST /_simulator/faults":
      try {
        state.faults = parseFaultOptions(await readJsonBody(request));
        state.faultsRemaining = state.faults.limit ?? Number.POSITIVE_INFINITY;
      } catch (error) {
        if (CourseforgeError.isInstance(error)) throw new HttpError(400, error.message, { code: "invalid_value" });
        throw error;
      }
      sendJson(response, 200, state.faults);
      return true;
    case "GET /_simulator/batches":
      sendJson(response, 200, state.batches.settings);
      return true;
    case "POST /_simulator/batches":
      try {
        state.batches.configure(parseBatchSettings(await readJsonBody(request), state.batches.settings));
      } catch (error) {
        if (CourseforgeError.isInstance(error)) throw new HttpError(400, error.message, { code: "invalid_value" });
        throw error;
      }
      sendJson(response, 200, state.batches.settings);
      return true;
    case "POST /_simulator/outage": {
      const parsed = outageBody.safeParse(await readJsonBody(request));
      if (!parsed.success)
        throw new HttpError(400, `Invalid outage: ${z.prettifyError(parsed.error)}`, {
          param: "ms",
          code: "invalid_value",
        });
      startOutage(state, parsed.data.ms);
      sendJson(response, 200, { outageUntil: new Date(state.outageUntil).toISOString(), ms: parsed.data.ms });
      return true;
    }
    case "GET /_simulator/stats":
      sendJson(response, 200, copyStats(state.stats));
      return true;
    case "POST /_simulator/stats/reset":
      state.stats = emptyStats();
      sendJson(response, 200, copyStats(state.stats));
      return true;
    default:
      return false;
  }
}
