import { useEffect, useState } from "react";
import type { ApiClient } from "../api/client.ts";
import { followJobEvents } from "../api/follow-job-events.ts";
import type { RevisionDiff, RevisionList, RevisionTarget, Submitted } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import { ErrorState } from "../ui/index.tsx";

// The teacher's side of docs/revisions.md: "Regenerate…" on a lesson, a section or a question opens
// an instruction box; the revision job's progress is followed live; once stored, the change is shown
// side by side, to keep or to restore the revision before it. Generated text is shown as text
// (React escapes it), never as HTML.

const maxInstructionLength = 2_000;

/** A finished revision the teacher reviews: its number and the one it replaced. */
export interface StoredRevision {
  readonly number: number;
  readonly basedOn: number;
}

async function storedRevision(api: ApiClient, courseId: string, jobId: string): Promise<StoredRevision> {
  const list = await api.get<RevisionList>(`/v1/courses/${encodeURIComponent(courseId)}/revisions`);
  const revision = list.revisions.find((candidate) => candidate.jobId === jobId);
  if (revision === undefined || revision.basedOn === null) throw new Error("The new revision was not found.");
  return { number: revision.number, basedOn: revision.basedOn };
}

/** "Regenerate…" for one part: an instruction box, then the job's live progress. */
export function RegenerateControl({
  courseId,
  target,
  label,
  onStored,
}: {
  courseId: string;
  target: RevisionTarget;
  label: string;
  onStored: (revision: StoredRevision) => void;
}) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [instruction, setInstruction] = useState("");
  const [progress, setProgress] = useState<string[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const fieldId = `regenerate-${target.kind}-${target.id ?? "outline"}`;

  const submit = async () => {
    setError(undefined);
    setRunning(true);
    setProgress(["Queued…"]);
    try {
      const submitted = await api.post<Submitted>(`/v1/courses/${encodeURIComponent(courseId)}/revisions`, {
        target,
        instruction,
      });
      let failure: string | undefined;
      await followJobEvents(
        api,
        submitted.jobId,
        {
          onEvent: (event) => {
            if (event.type === "step.started") setProgress((lines) => [...lines, `Writing ${event.data.title}…`]);
            if (event.type === "step.finished") setProgress((lines) => [...lines, `Done: ${event.data.title}`]);
            if (event.type === "job.failed") failure = event.data.message;
            if (event.type === "job.canceled") failure = event.data.message;
          },
        },
        { signal: AbortSignal.timeout(15 * 60_000) },
      );
      if (failure !== undefined) throw new Error(`The regeneration failed; the course is unchanged. ${failure}`);
      const stored = await storedRevision(api, courseId, submitted.jobId);
      setOpen(false);
      setInstruction("");
      onStored(stored);
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  if (!open)
    return (
      <button type="button" className="regenerate-button" onClick={() => setOpen(true)}>
        Regenerate…
      </button>
    );
  return (
    <form
      className="regenerate-form"
      aria-label={`Regenerate ${label}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={fieldId}>How should {label} change?</label>
      <textarea
        id={fieldId}
        value={instruction}
        maxLength={maxInstructionLength}
        rows={3}
        placeholder="e.g. simpler language; add a worked example about bridges"
        onChange={(event) => setInstruction(event.target.value)}
        disabled={running}
      />
      <div className="actions">
        <button type="submit" disabled={running || instruction.trim() === ""}>
          {running ? "Regenerating…" : "Regenerate"}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={running}>
          Cancel
        </button>
      </div>
      {progress.length > 0 && (
        <ol className="regenerate-progress" aria-live="polite">
          {progress.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ol>
      )}
      {error !== undefined && <ErrorState error={error} />}
    </form>
  );
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

/** The change a revision made, side by side, with "Keep" and "Restore the previous version". */
export function RevisionReview({
  courseId,
  revision,
  onDone,
}: {
  courseId: string;
  revision: StoredRevision;
  onDone: () => void;
}) {
  const { api } = useSession();
  const [diff, setDiff] = useState<RevisionDiff | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<RevisionDiff>(
        `/v1/courses/${encodeURIComponent(courseId)}/revisions/diff?from=${revision.basedOn}&to=${revision.number}`,
        { signal: controller.signal },
      )
      .then(setDiff, (caught: unknown) => !controller.signal.aborted && setError(caught));
    return () => controller.abort();
  }, [api, courseId, revision]);

  const restore = async () => {
    setBusy(true);
    try {
      await api.post(`/v1/courses/${encodeURIComponent(courseId)}/revisions/${revision.basedOn}/restore`);
      onDone();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <section className="revision-review" aria-labelledby="revision-review-title">
      <h2 id="revision-review-title">
        Revision {revision.number}: what changed since revision {revision.basedOn}
      </h2>
      {diff === undefined && error === undefined && <p>Loading the changes…</p>}
      {diff !== undefined && diff.changes.length === 0 && <p>Nothing changed.</p>}
      {diff?.changes.map((change) => (
        <div key={`${change.kind}:${change.id}`} className="revision-change">
          <h3>
            {change.kind} {change.id} ({change.change})
          </h3>
          <table className="side-by-side">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {change.change === "changed" ? (
                change.fields.map((field) => (
                  <tr key={field.field}>
                    <th scope="row">{field.field}</th>
                    <td>
                      <pre>{text(field.before)}</pre>
                    </td>
                    <td>
                      <pre>{text(field.after)}</pre>
                    </td>
                  </tr>
                ))
              ) : (
                <tr>
                  <th scope="row">{change.kind}</th>
                  <td>
                    <pre>{text(change.before)}</pre>
                  </td>
                  <td>
                    <pre>{text(change.after)}</pre>
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      ))}
      {error !== undefined && <ErrorState error={error} />}
      <div className="actions">
        <button type="button" onClick={onDone} disabled={busy}>
          Keep revision {revision.number}
        </button>
        <button type="button" onClick={() => void restore()} disabled={busy}>
          Restore revision {revision.basedOn}
        </button>
      </div>
    </section>
  );
}
