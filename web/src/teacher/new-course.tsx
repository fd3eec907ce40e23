import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { ApiError } from "../api/client.ts";
import type { Submitted } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import { ErrorState } from "../ui/index.tsx";
import { KnowledgePicker, knowledgeRequest, noKnowledge, type KnowledgeChoice } from "./knowledge-picker.tsx";

interface FormValues {
  topic: string;
  audience: string;
  level: string;
  modules: string;
  lessonsPerModule: string;
  language: string;
  mode: string;
  reviewOutline: boolean;
}

const initialValues: FormValues = {
  topic: "",
  audience: "general learners",
  level: "beginner",
  modules: "2",
  lessonsPerModule: "3",
  language: "en",
  mode: "realtime",
  reviewOutline: false,
};

type FieldName = Exclude<keyof FormValues, "reviewOutline"> | "reviewOutline";

// A number field is sent as a number when it is one, else as typed: the API then says what is wrong with it.
function numeric(value: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/** Field errors from an INVALID_INPUT answer: every issue of `details.issues`, else `details.field`. */
export function fieldErrors(error: ApiError): Partial<Record<string, string>> {
  const errors: Record<string, string> = {};
  const issues = Array.isArray(error.details.issues)
    ? (error.details.issues as { field?: unknown; message?: unknown }[])
    : [];
  for (const issue of issues) {
    if (typeof issue.field === "string" && typeof issue.message === "string" && errors[issue.field] === undefined)
      errors[issue.field] = issue.message;
  }
  const field = error.field;
  if (field !== undefined && errors[field] === undefined) errors[field] = error.message;
  return errors;
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${error === undefined ? "" : " has-error"}`}>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error !== undefined && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** "New course": the request form; on success it opens the job's progress page. */
export function NewCoursePage() {
  const { api } = useSession();
  const navigate = useNavigate();
  const prefix = useId();
  const [values, setValues] = useState<FormValues>(initialValues);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [submitting, setSubmitting] = useState(false);
  const [knowledge, setKnowledge] = useState<KnowledgeChoice>(noKnowledge);

  const id = (name: FieldName) => `${prefix}-${name}`;
  const describedBy = (name: FieldName, hint = false) =>
    [hint ? `${id(name)}-hint` : "", errors[name] !== undefined ? `${id(name)}-error` : ""].filter(Boolean).join(" ") ||
    undefined;
  const set = (name: keyof FormValues) => (event: { target: HTMLInputElement | HTMLSelectElement }) => {
    const value =
      event.target instanceof HTMLInputElement && event.target.type === "checkbox"
        ? event.target.checked
        : event.target.value;
    setValues((previous) => ({ ...previous, [name]: value }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setFailure(undefined);
    setErrors({});
    const form = event.currentTarget;
    try {
      const body = {
        topic: values.topic,
        audience: values.audience,
        level: values.level,
        modules: numeric(values.modules),
        lessonsPerModule: numeric(values.lessonsPerModule),
        language: values.language,
        mode: values.mode,
        reviewOutline: values.reviewOutline,
        knowledge: knowledgeRequest(knowledge),
      };
      const created = await api.post<Submitted>("/v1/courses", body, {
        headers: { "idempotency-key": crypto.randomUUID() },
      });
      navigate(`/jobs/${created.jobId}`);
    } catch (error) {
      const found = error instanceof ApiError && error.code === "INVALID_INPUT" ? fieldErrors(error) : {};
      const knowledgeError = Object.entries(found).find(([name]) => name.startsWith("knowledge"))?.[1];
      const known = Object.keys(found).filter((name) => name in initialValues);
      if (knowledgeError !== undefined) found.knowledge = knowledgeError;
      if (known.length > 0 || knowledgeError !== undefined) {
        setErrors(found);
        // Take the keyboard to the first field to fix.
        const first = Object.keys(initialValues).find((name) => found[name] !== undefined);
        const target = first === undefined ? ".knowledge-picker input" : `#${CSS.escape(id(first as FieldName))}`;
        (form.querySelector(target) as HTMLElement | null)?.focus();
      } else setFailure(error);
    } finally {
      setSubmitting(false);
    }
  };

  const invalid = (name: FieldName) => errors[name] !== undefined;
  return (
    <>
      <h1>New course</h1>
      <p className="lede">
        Say what the course is about and who it is for. Courseforge plans an outline, then writes every lesson and its
        quiz.
      </p>
      {failure !== undefined && <ErrorState error={failure} />}
      {Object.keys(errors).length > 0 && (
        <p className="form-summary" role="alert">
          Please correct the fields marked below.
        </p>
      )}
      <form className="card form-grid" onSubmit={submit} noValidate aria-busy={submitting}>
        <Field
          id={id("topic")}
          label="Topic"
          hint="What the course teaches, e.g. “Photosynthesis”."
          error={errors.topic}
        >
          <input
            id={id("topic")}
            name="topic"
            value={values.topic}
            onChange={set("topic")}
            aria-invalid={invalid("topic")}
            aria-describedby={describedBy("topic", true)}
            required
            autoFocus
          />
        </Field>
        <Field id={id("audience")} label="Audience" error={errors.audience}>
          <input
            id={id("audience")}
            name="audience"
            value={values.audience}
            onChange={set("audience")}
            aria-invalid={invalid("audience")}
            aria-describedby={describedBy("audience")}
          />
        </Field>
        <Field id={id("level")} label="Level" error={errors.level}>
          <select
            id={id("level")}
            name="level"
            value={values.level}
            onChange={set("level")}
            aria-invalid={invalid("level")}
            aria-describedby={describedBy("level")}
          >
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </select>
        </Field>
        <div className="field-row">
          <Field id={id("modules")} label="Modules" hint="1 to 12" error={errors.modules}>
            <input
              id={id("modules")}
              name="modules"
              inputMode="numeric"
              value={values.modules}
              onChange={set("modules")}
              aria-invalid={invalid("modules")}
              aria-describedby={describedBy("modules", true)}
            />
          </Field>
          <Field id={id("lessonsPerModule")} label="Lessons per module" hint="1 to 10" error={errors.lessonsPerModule}>
            <input
              id={id("lessonsPerModule")}
              name="lessonsPerModule"
              inputMode="numeric"
              value={values.lessonsPerModule}
              onChange={set("lessonsPerModule")}
              aria-invalid={invalid("lessonsPerModule")}
              aria-describedby={describedBy("lessonsPerModule", true)}
            />
          </Field>
        </div>
        <Field
          id={id("language")}
          label="Language"
          hint="A language code such as en, fr or pt-BR."
          error={errors.language}
        >
          <input
            id={id("language")}
            name="language"
            value={values.language}
            onChange={set("language")}
            aria-invalid={invalid("language")}
            aria-describedby={describedBy("language", true)}
          />
        </Field>
        <Field
          id={id("mode")}
          label="Speed and price"
          hint="Economy writes lessons and quizzes through the provider's Batch API at half price; the course takes minutes to hours instead of seconds."
          error={errors.mode}
        >
          <select
            id={id("mode")}
            name="mode"
            value={values.mode}
            onChange={set("mode")}
            aria-invalid={invalid("mode")}
            aria-describedby={describedBy("mode", true)}
          >
            <option value="realtime">Now (real time)</option>
            <option value="economy">Economy (half price, slower)</option>
          </select>
        </Field>
        <div className="field checkbox">
          <input
            id={id("reviewOutline")}
            name="reviewOutline"
            type="checkbox"
            checked={values.reviewOutline}
            onChange={set("reviewOutline")}
            aria-describedby={describedBy("reviewOutline", true)}
          />
          <label htmlFor={id("reviewOutline")}>Review the outline first</label>
          <p className="hint" id={`${id("reviewOutline")}-hint`}>
            Generation pauses after the outline so you can edit, reorder, add or remove lessons before they are written.
          </p>
          {errors.reviewOutline !== undefined && <p className="field-error">{errors.reviewOutline}</p>}
        </div>
        <KnowledgePicker value={knowledge} onChange={setKnowledge} error={errors.knowledge} />
        <div className="actions">
          <button type="submit" className="primary" disabled={submitting}>
            {submitting ? "Starting…" : "Generate course"}
          </button>
        </div>
      </form>
    </>
  );
}
