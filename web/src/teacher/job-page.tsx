import { dataOf } from "../../../src/client/index.ts";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { Job, JobStatus } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import {
  ErrorState,
  formatCount,
  formatDuration,
  formatSeconds,
  formatUsd,
  ResourceView,
  statusLabels,
  useApiResource,
} from "../ui/index.tsx";
import { OutlineReview } from "./outline-review.tsx";
import { summarize, type JobProgress, type StepProgress } from "./progress.ts";
import { useJobProgress } from "./use-job-progress.ts";

const activeStatuses: ReadonlySet<JobStatus> = new Set(["queued", "running", "awaiting_approval"]);
const stateLabels: Record<StepProgress["state"], string> = {
  waiting: "Waiting",
  running: "Writing…",
  retrying: "Retrying",
  done: "Done",
  failed: "Failed",
};

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function StepRow({ step }: { step: StepProgress }) {
  return (
    <li className={`step step-${step.state}`} data-step={step.step}>
      <span className="step-kind">
        {step.kind === "outline" ? "Outline" : step.kind === "lesson" ? "Lesson" : "Quiz"}
      </span>
      <span className="step-title">{step.title}</span>
      <span className="step-state">
        {stateLabels[step.state]}
        {step.fromCheckpoint ? " (resumed)" : ""}
      </span>
      <span className="step-figures">
        {step.state === "done"
          ? `${formatCount(step.tokens)} tokens · ${formatUsd(step.costUsd)} · ${formatDuration(step.durationMs)}`
          : (step.message ?? "")}
      </span>
    </li>
  );
}

function Figures({ progress, job, now }: { progress: JobProgress; job: Job; now: number }) {
  const started = job.startedAt === null ? undefined : Date.parse(job.startedAt);
  const ended = job.finishedAt === null ? undefined : Date.parse(job.finishedAt);
  const terminal = progress.status === "succeeded" || progress.status === "failed" || progress.status === "canceled";
  const elapsedMs = started === undefined ? undefined : Math.max(0, (ended ?? (terminal ? now : now)) - started);
  const summary = summarize(progress, elapsedMs);
  const percent = summary.total === 0 ? 0 : Math.round((summary.done / summary.total) * 100);
  return (
    <>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Steps done"
        aria-valuemin={0}
        aria-valuemax={summary.total}
        aria-valuenow={summary.done}
        aria-valuetext={`${summary.done} of ${summary.total} steps`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <dl className="figures">
        <div>
          <dt>Steps</dt>
          <dd data-testid="steps-done">{summary.total === 0 ? "—" : `${summary.done} / ${summary.total}`}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{formatCount(summary.tokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatUsd(summary.costUsd)}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{elapsedMs === undefined ? "—" : formatSeconds(elapsedMs / 1_000)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>
            {summary.remainingMs === undefined
              ? "estimating…"
              : summary.remainingMs === 0
                ? "—"
                : `about ${formatSeconds(summary.remainingMs / 1_000)}`}
          </dd>
        </div>
      </dl>
    </>
  );
}

function LiveJob({ job, reloadJob }: { job: Job; reloadJob(): void }) {
  const { api } = useSession();
  const { progress, connection, error } = useJobProgress(api, job.id);
  const [canceling, setCanceling] = useState(false);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const status = progress.status ?? job.status;
  const active = activeStatuses.has(status);
  const now = useNow(active);

  // The job row holds what events do not (finish time, course id): read it again when the job ends.
  useEffect(() => {
    if (!activeStatuses.has(status) && status !== job.status) reloadJob();
  }, [status, job.status, reloadJob]);

  const cancel = async () => {
    if (!window.confirm("Cancel this course? Steps already written are kept, but the course will not be finished."))
      return;
    setCanceling(true);
    setActionError(undefined);
    try {
      await api.post(`/v1/jobs/${encodeURIComponent(job.id)}/cancel`);
      reloadJob();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setCanceling(false);
    }
  };

  const courseId = progress.courseId ?? job.courseId ?? undefined;
  const failure =
    progress.failure ?? (job.failure === null ? undefined : { code: job.failure.code, message: job.failure.reason });
  return (
    <>
      <div className="job-heading">
        <div>
          <p className="eyebrow">Course generation</p>
          <h1>{progress.outline?.title ?? job.request.topic}</h1>
          <p className="lede">
            {job.request.modules} module{job.request.modules === 1 ? "" : "s"} × {job.request.lessonsPerModule} lesson
            {job.request.lessonsPerModule === 1 ? "" : "s"} · {job.request.level} · for {job.request.audience} ·{" "}
            {job.request.language}
          </p>
        </div>
        <p className={`status status-${status}`} role="status" aria-live="polite" data-testid="job-status">
          {statusLabels[status]}
        </p>
      </div>
      {connection === "reconnecting" && (
        <p className="notice" role="status">
          Connection lost; reconnecting… {error instanceof Error ? `(${error.message})` : ""}
        </p>
      )}
      {connection === "ended" && error !== undefined && <ErrorState error={error} />}
      {progress.waiting !== undefined && <p className="notice">{progress.waiting}</p>}
      {status === "failed" && failure !== undefined && (
        <div className="error-state" role="alert">
          <h2>Generation failed</h2>
          <p>
            <code>{failure.code}</code> {failure.message}
          </p>
          <p>
            <Link to="/new">Start a new course</Link>
          </p>
        </div>
      )}
      {status === "canceled" && <p className="notice">This job was canceled.</p>}
      {status === "succeeded" && courseId !== undefined && (
        <div className="success card">
          <h2>Your course is ready</h2>
          <Link className="button primary" to={`/courses/${courseId}`}>
            Read the course
          </Link>
        </div>
      )}
      <Figures progress={progress} job={job} now={now} />
      {actionError !== undefined && <ErrorState error={actionError} />}
      {active && (
        <div className="actions">
          <button type="button" className="danger" onClick={cancel} disabled={canceling}>
            {canceling ? "Canceling…" : "Cancel generation"}
          </button>
        </div>
      )}
      {status === "awaiting_approval" && progress.outline !== undefined && (
        <OutlineReview jobId={job.id} outline={progress.outline} />
      )}
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">Steps</h2>
        {progress.steps.length === 0 ? (
          <p className="muted">{status === "queued" ? "Waiting for a worker to start…" : "Planning the outline…"}</p>
        ) : (
          <ol className="steps" aria-live="polite" aria-relevant="additions text">
            {progress.steps.map((step) => (
              <StepRow key={step.step} step={step} />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** A job: live progress, the outline review when it waits for one, cancel, and the course once written. */
export function JobPage() {
  const { id = "" } = useParams();
  const { resource, reload } = useApiResource(`job:${id}`, (api, signal) =>
    dataOf(api.typed.GET("/v1/jobs/{id}", { params: { path: { id } }, signal })),
  );
  return (
    <ResourceView resource={resource} reload={reload} label="Loading the job…">
      {(job) => <LiveJob key={job.id} job={job} reloadJob={reload} />}
    </ResourceView>
  );
}
