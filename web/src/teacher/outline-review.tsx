import { useEffect, useState } from "react";
import { ApiError } from "../api/client.ts";
import type { Outline, OutlineLesson, OutlineModule } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import { ErrorState } from "../ui/index.tsx";

let draftCounter = 0;

/** A new lesson for `module`, with an id no other lesson of the outline has (the server renumbers ids). */
export function newLesson(outline: Outline, moduleIndex: number): OutlineLesson {
  const module = outline.modules[moduleIndex]!;
  const taken = new Set(outline.modules.flatMap((entry) => entry.lessons.map((lesson) => lesson.id)));
  let number = module.lessons.length + 1;
  while (taken.has(`${module.id}-l${number}`)) number += 1;
  draftCounter += 1;
  const id = `${module.id}-l${number}`;
  return {
    id,
    title: `New lesson ${draftCounter}`,
    summary: `A lesson of “${module.title}”.`,
    objectives: [{ id: `${id}-o1`, text: `Explain the main idea of this lesson.` }],
    keyPoints: ["The main idea of this lesson."],
  };
}

function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/** Edits a job's outline while it awaits approval: titles, order, added and removed lessons; then approve. */
export function OutlineReview({ jobId, outline: planned }: { jobId: string; outline: Outline }) {
  const { api } = useSession();
  const [outline, setOutline] = useState<Outline>(planned);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<"saving" | "approving" | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [announcement, setAnnouncement] = useState("");

  // A newer outline from the server (another tab saved it) replaces an unedited copy.
  useEffect(() => {
    if (!dirty) setOutline(planned);
  }, [planned, dirty]);

  const change = (next: Outline, message = "") => {
    setOutline(next);
    setDirty(true);
    setSaved(false);
    setAnnouncement(message);
  };
  const updateModule = (moduleIndex: number, update: (module: OutlineModule) => OutlineModule, message?: string) =>
    change(
      {
        ...outline,
        modules: outline.modules.map((module, index) => (index === moduleIndex ? update(module) : module)),
      },
      message,
    );

  const save = async (): Promise<boolean> => {
    setError(undefined);
    try {
      const stored = await api.put<Outline>(`/v1/jobs/${encodeURIComponent(jobId)}/outline`, outline);
      setOutline(stored);
      setDirty(false);
      setSaved(true);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  };

  const onSave = async () => {
    setBusy("saving");
    await save();
    setBusy(undefined);
  };

  const onApprove = async () => {
    setBusy("approving");
    try {
      if (dirty && !(await save())) return;
      await api.post(`/v1/jobs/${encodeURIComponent(jobId)}/approve`);
      setAnnouncement("Outline approved: writing the lessons.");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  const fieldOf = error instanceof ApiError ? error.field : undefined;
  return (
    <section className="card outline-review" aria-labelledby="review-heading">
      <h2 id="review-heading">Review the outline</h2>
      <p>
        Rename, reorder, add or remove lessons, then approve: Courseforge writes the lessons and quizzes of this
        outline.
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <label className="field">
        <span>Course title</span>
        <input
          value={outline.title}
          onChange={(event) => change({ ...outline, title: event.target.value })}
          aria-invalid={fieldOf === "title"}
        />
      </label>
      {outline.modules.map((module, moduleIndex) => (
        <fieldset key={module.id} className="outline-module">
          <legend>Module {moduleIndex + 1}</legend>
          <label className="field">
            <span>Module {moduleIndex + 1} title</span>
            <input
              value={module.title}
              onChange={(event) => updateModule(moduleIndex, (entry) => ({ ...entry, title: event.target.value }))}
              aria-invalid={fieldOf === `modules[${moduleIndex}].title`}
            />
          </label>
          <ol className="outline-lessons">
            {module.lessons.map((lesson, lessonIndex) => {
              const name = `Lesson ${moduleIndex + 1}.${lessonIndex + 1}`;
              return (
                <li key={lesson.id} className="outline-lesson">
                  <label className="field">
                    <span>{name} title</span>
                    <input
                      value={lesson.title}
                      onChange={(event) =>
                        updateModule(moduleIndex, (entry) => ({
                          ...entry,
                          lessons: entry.lessons.map((item, index) =>
                            index === lessonIndex ? { ...item, title: event.target.value } : item,
                          ),
                        }))
                      }
                      aria-invalid={fieldOf === `modules[${moduleIndex}].lessons[${lessonIndex}].title`}
                    />
                  </label>
                  <div className="lesson-tools">
                    <button
                      type="button"
                      aria-label={`Move ${name} up`}
                      disabled={lessonIndex === 0}
                      onClick={() =>
                        updateModule(
                          moduleIndex,
                          (entry) => ({ ...entry, lessons: moved(entry.lessons, lessonIndex, lessonIndex - 1) }),
                          `${lesson.title} moved up.`,
                        )
                      }
                    >
                      ↑ Up
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${name} down`}
                      disabled={lessonIndex === module.lessons.length - 1}
                      onClick={() =>
                        updateModule(
                          moduleIndex,
                          (entry) => ({ ...entry, lessons: moved(entry.lessons, lessonIndex, lessonIndex + 1) }),
                          `${lesson.title} moved down.`,
                        )
                      }
                    >
                      ↓ Down
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove ${name}`}
                      disabled={module.lessons.length === 1}
                      title={module.lessons.length === 1 ? "A module needs at least one lesson." : undefined}
                      onClick={() =>
                        updateModule(
                          moduleIndex,
                          (entry) => ({ ...entry, lessons: entry.lessons.filter((_, index) => index !== lessonIndex) }),
                          `${lesson.title} removed.`,
                        )
                      }
                    >
                      Remove
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            disabled={module.lessons.length >= 10}
            onClick={() =>
              updateModule(
                moduleIndex,
                (entry) => ({ ...entry, lessons: [...entry.lessons, newLesson(outline, moduleIndex)] }),
                "Lesson added.",
              )
            }
          >
            Add a lesson to module {moduleIndex + 1}
          </button>
        </fieldset>
      ))}
      {error !== undefined && <ErrorState error={error} />}
      {saved && !dirty && (
        <p className="notice" role="status">
          Outline saved.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onSave} disabled={!dirty || busy !== undefined}>
          {busy === "saving" ? "Saving…" : "Save changes"}
        </button>
        <button type="button" className="primary" onClick={onApprove} disabled={busy !== undefined}>
          {busy === "approving" ? "Approving…" : dirty ? "Save and approve" : "Approve outline"}
        </button>
      </div>
    </section>
  );
}
