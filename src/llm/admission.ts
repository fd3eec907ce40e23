import { AbortedError } from "../errors/index.ts";

/** A model call attempt about to be sent, as an admission check sees it. */
export interface CallAdmission {
  readonly jobId: string | null;
  readonly step: string;
  readonly task: string;
  /** The model that will serve it (after the router picked among fallbacks). */
  readonly model: string;
  readonly maxOutputTokens: number;
  readonly attempt: number;
}

/**
 * Decides, just before an attempt is recorded in flight and sent, whether it may go (after the
 * router, the breaker and the provider budget let it through): a serverless tick refuses a call it
 * cannot finish before its time is up. Refused, nothing is sent and nothing is recorded.
 */
export type AdmitCall = (call: CallAdmission) => boolean | Promise<boolean>;

/**
 * An attempt was not sent because {@link AdmitCall} refused it. An {@link AbortedError}: the step
 * stops as it would when drained, is not failed, and runs again later from its checkpoints.
 */
export class CallNotAdmittedError extends AbortedError {
  readonly call: CallAdmission;
  constructor(call: CallAdmission) {
    super(`The ${call.task} call of step ${call.step} (${call.model}) was not started: it would not finish in time.`);
    this.call = call;
  }
  static isNotAdmitted(value: unknown): value is CallNotAdmittedError {
    return value instanceof CallNotAdmittedError;
  }
}
