import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api/client.ts";
import { ErrorState } from "../ui/index.tsx";
import type { Limit } from "./types.ts";

export const limitFields = ["coursesPerHour", "coursesPerDay", "tokensPerDay", "burst"] as const;
export type LimitField = (typeof limitFields)[number];
export type LimitValues = Record<LimitField, Limit>;

const fieldLabels: Record<LimitField, string> = {
  coursesPerHour: "Courses per hour",
  coursesPerDay: "Courses per day",
  tokensPerDay: "Tokens per day",
  burst: "Burst (extra courses)",
};

function toText(value: Limit | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/**
 * A form of the four limits (courses per hour and day, tokens per day, burst). An empty field is
 * sent as `null`, whose meaning `emptyMeans` states ("unlimited", "the role's value").
 */
export function LimitForm({
  title,
  initial,
  emptyMeans,
  fields = limitFields,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  initial: Partial<LimitValues>;
  emptyMeans: string;
  fields?: readonly LimitField[];
  submitLabel: string;
  onSubmit: (values: Partial<LimitValues>) => Promise<void>;
  children?: ReactNode;
}) {
  const baseId = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field, toText(initial[field])])),
  );
  const [problem, setProblem] = useState<{ field?: string; message: string } | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setFailure(undefined);
    setSaved(false);
    const values: Partial<LimitValues> = {};
    for (const field of fields) {
      const text = (texts[field] ?? "").trim();
      if (text === "") values[field] = null;
      else if (/^\d+$/.test(text)) values[field] = Number(text);
      else {
        setProblem({
          field,
          message: `${fieldLabels[field]} must be a whole number of 0 or more, or empty (${emptyMeans}).`,
        });
        return;
      }
    }
    setBusy(true);
    try {
      await onSubmit(values);
      setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400)
        setProblem({ field: caught.field, message: caught.message });
      else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  const errorId = `${baseId}-error`;
  return (
    <form className="card admin-form" onSubmit={submit} noValidate aria-label={title}>
      <fieldset>
        <legend>{title}</legend>
        {children}
        <p className="admin-muted">Empty: {emptyMeans}.</p>
        <div className="admin-fields">
          {fields.map((field) => {
            const id = `${baseId}-${field}`;
            const invalid = problem !== undefined && (problem.field === field || problem.field === undefined);
            return (
              <div className="admin-field" key={field}>
                <label htmlFor={id}>{fieldLabels[field]}</label>
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  step={1}
                  value={texts[field] ?? ""}
                  placeholder={emptyMeans}
                  onChange={(event) => {
                    setTexts((previous) => ({ ...previous, [field]: event.target.value }));
                    setSaved(false);
                  }}
                  aria-invalid={invalid}
                  aria-describedby={invalid ? errorId : undefined}
                />
              </div>
            );
          })}
        </div>
      </fieldset>
      {problem !== undefined && (
        <p id={errorId} className="field-error" role="alert">
          {problem.message}
        </p>
      )}
      {failure !== undefined && <ErrorState error={failure} />}
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        <span role="status" className="admin-muted">
          {saved ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}
