/** One line of `courseforge doctor`: passed or not, what was seen, and the fix for a failure. */
export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
}

/** A passed check. */
export const pass = (name: string, detail: string): DoctorCheck => ({ name, ok: true, detail });
/** A failed check with its fix. */
export const fail = (name: string, detail: string, fix: string): DoctorCheck => ({ name, ok: false, detail, fix });
/** The message of anything thrown. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
