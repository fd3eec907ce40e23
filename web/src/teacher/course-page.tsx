import { dataOf } from "../../../src/client/index.ts";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { ApiClient } from "../api/client.ts";
import type { Citation, Course, CourseLesson, ExportFormat, LessonQuality } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import {
  ErrorState,
  formatCount,
  formatDateTime,
  formatUsd,
  ResourceView,
  SafeMarkdown,
  useApiResource,
} from "../ui/index.tsx";
import { citationSource } from "./knowledge-text.ts";
import { CourseQualitySummary, LessonQualityView, lessonQualityOf } from "./quality-panel.tsx";
import { Quiz } from "./quiz.tsx";
import { RegenerateControl, RevisionReview, type StoredRevision } from "./regenerate.tsx";

const sectionKinds: Record<string, string> = {
  introduction: "Introduction",
  explanation: "Explanation",
  worked_example: "Worked example",
  activity: "Activity",
  summary: "Summary",
};

// Every export the API makes (docs/exports.md), with what the teacher reads on its button.
const exportChoices: readonly { format: ExportFormat; label: string; title: string }[] = [
  { format: "json", label: "JSON", title: "The course document (format v1)" },
  { format: "markdown", label: "Markdown", title: "One Markdown file" },
  { format: "html", label: "HTML page", title: "One self-contained, printable page with working quizzes" },
  { format: "scorm12", label: "SCORM 1.2", title: "A SCORM 1.2 package for an LMS (one SCO per lesson)" },
  { format: "cc", label: "Common Cartridge", title: "An IMS Common Cartridge 1.1 (Canvas, Moodle, Blackboard…)" },
];

async function download(api: ApiClient, courseId: string, format: ExportFormat): Promise<void> {
  const response = await api.fetchRaw(`/v1/courses/${encodeURIComponent(courseId)}/export?format=${format}`, {
    headers: { accept: "*/*" },
  });
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `course-${format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// A section's sources as numbered notes under it. Quotes come from the teacher's documents through
// the model: shown as text, never as HTML.
function Citations({ sectionId, citations }: { sectionId: string; citations: readonly Citation[] }) {
  return (
    <aside className="citations" aria-labelledby={`${sectionId}-sources`}>
      <p className="eyebrow" id={`${sectionId}-sources`}>
        Sources
      </p>
      <ol>
        {citations.map((citation, index) => (
          <li key={`${citation.chunkId}-${index}`} id={`${sectionId}-source-${index + 1}`}>
            <span className="citation-source">{citationSource(citation)}</span>
            <blockquote className="citation-quote">{citation.quote}</blockquote>
          </li>
        ))}
      </ol>
    </aside>
  );
}

function LessonView({
  lesson,
  courseId,
  quality,
  onStored,
}: {
  lesson: CourseLesson;
  courseId: string;
  quality: LessonQuality | undefined;
  onStored: (revision: StoredRevision) => void;
}) {
  return (
    <article className="lesson" aria-labelledby={`${lesson.id}-title`}>
      <h2 id={`${lesson.id}-title`}>{lesson.title}</h2>
      {quality !== undefined && <LessonQualityView quality={quality} />}
      <RegenerateControl
        courseId={courseId}
        target={{ kind: "lesson", id: lesson.id }}
        label="this lesson (and its quiz)"
        onStored={onStored}
      />
      <p className="lede">{lesson.summary}</p>
      <details className="objectives" open>
        <summary>Objectives</summary>
        <ul>
          {lesson.objectives.map((objective) => (
            <li key={objective.id}>{objective.text}</li>
          ))}
        </ul>
      </details>
      {lesson.sections.map((section) => (
        <section key={section.id} className={`section section-${section.kind}`} aria-labelledby={`${section.id}-title`}>
          <p className="eyebrow">{sectionKinds[section.kind] ?? section.kind}</p>
          <h3 id={`${section.id}-title`}>{section.title}</h3>
          <SafeMarkdown>{section.body}</SafeMarkdown>
          <RegenerateControl
            courseId={courseId}
            target={{ kind: "section", id: section.id }}
            label={`the section “${section.title}”`}
            onStored={onStored}
          />
          {section.citations !== undefined && section.citations.length > 0 && (
            <Citations sectionId={section.id} citations={section.citations} />
          )}
        </section>
      ))}
      {lesson.keyTerms.length > 0 && (
        <section aria-labelledby={`${lesson.id}-terms`} className="key-terms">
          <h3 id={`${lesson.id}-terms`}>Key terms</h3>
          <dl>
            {lesson.keyTerms.map((term) => (
              <div key={term.term}>
                <dt>{term.term}</dt>
                <dd>{term.definition}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby={`${lesson.id}-quiz`}>
        <h3 id={`${lesson.id}-quiz`}>Quiz</h3>
        <Quiz key={lesson.id} questions={lesson.quiz.questions} />
        <details className="regenerate-questions">
          <summary>Regenerate a question</summary>
          <ol>
            {lesson.quiz.questions.map((question, questionIndex) => (
              <li key={question.id}>
                <span>{question.prompt}</span>
                <RegenerateControl
                  courseId={courseId}
                  target={{ kind: "question", id: question.id }}
                  label={`question ${questionIndex + 1}`}
                  onStored={onStored}
                />
              </li>
            ))}
          </ol>
        </details>
      </section>
    </article>
  );
}

function CourseView({ course, reload }: { course: Course; reload: () => void }) {
  const { api } = useSession();
  const [review, setReview] = useState<StoredRevision | undefined>(undefined);
  const onStored = (revision: StoredRevision) => {
    setReview(revision);
    reload();
  };
  const [search] = useSearchParams();
  const [downloadError, setDownloadError] = useState<unknown>(undefined);
  const lessons = course.modules.flatMap((module) => module.lessons);
  const selectedId = search.get("lesson") ?? lessons[0]?.id;
  const index = Math.max(
    0,
    lessons.findIndex((lesson) => lesson.id === selectedId),
  );
  const lesson = lessons[index];
  const onDownload = (format: ExportFormat) => {
    setDownloadError(undefined);
    download(api, course.id, format).catch(setDownloadError);
  };
  return (
    <div className="course">
      <header className="course-header">
        <p className="eyebrow">
          Course · {course.level} · {course.language}
        </p>
        <h1>{course.title}</h1>
        <p className="lede">{course.description}</p>
        {course.generation.grounded === true && (
          <p className="muted">Written from your documents: each section lists the passages it relies on.</p>
        )}
        {course.generation.grounded === false && (
          <p className="notice">
            Nothing relevant was found in the documents you picked, so this course was written without them.
          </p>
        )}
        {course.quality !== undefined && <CourseQualitySummary quality={course.quality} />}
        {course.generation.simulated && (
          <p className="notice">Written by the built-in simulator: placeholder text, not teaching material.</p>
        )}
        <p className="muted">
          Made {formatDateTime(course.generation.createdAt, "minute")} ·{" "}
          {formatCount(course.generation.promptTokens + course.generation.completionTokens)} tokens ·{" "}
          {formatUsd(course.generation.costUsd)}
        </p>
        <div className="actions" role="group" aria-label="Download">
          {exportChoices.map((choice) => (
            <button key={choice.format} type="button" title={choice.title} onClick={() => onDownload(choice.format)}>
              Download {choice.label}
            </button>
          ))}
        </div>
        {downloadError !== undefined && <ErrorState error={downloadError} />}
      </header>
      {review !== undefined && (
        <RevisionReview
          courseId={course.id}
          revision={review}
          onDone={() => {
            setReview(undefined);
            reload();
          }}
        />
      )}
      <div className="course-body">
        <nav aria-label="Lessons" className="course-nav">
          {course.modules.map((module, moduleIndex) => (
            <div key={module.id}>
              <h2 className="module-title">
                Module {moduleIndex + 1}: {module.title}
              </h2>
              <ol>
                {module.lessons.map((entry) => (
                  <li key={entry.id}>
                    <Link
                      to={`?lesson=${encodeURIComponent(entry.id)}`}
                      aria-current={entry.id === lesson?.id ? "page" : undefined}
                    >
                      {entry.title}
                      {lessonQualityOf(course, entry.id)?.status === "flagged" && (
                        <span className="quality-mark" title="Flagged by the quality review">
                          {" "}
                          ⚑<span className="visually-hidden"> flagged</span>
                        </span>
                      )}
                    </Link>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </nav>
        <div className="lesson-pane">
          {lesson === undefined ? (
            <p>This course has no lessons.</p>
          ) : (
            <LessonView
              lesson={lesson}
              courseId={course.id}
              quality={lessonQualityOf(course, lesson.id)}
              onStored={onStored}
            />
          )}
          <nav aria-label="Previous and next lesson" className="pager">
            {index > 0 && (
              <Link to={`?lesson=${encodeURIComponent(lessons[index - 1]!.id)}`}>← {lessons[index - 1]!.title}</Link>
            )}
            {index < lessons.length - 1 && (
              <Link to={`?lesson=${encodeURIComponent(lessons[index + 1]!.id)}`}>{lessons[index + 1]!.title} →</Link>
            )}
          </nav>
        </div>
      </div>
    </div>
  );
}

/** Reads a course: modules, lessons with their sections, key terms and quiz; download it in each export format. */
export function CoursePage() {
  const { id = "" } = useParams();
  const { resource, reload } = useApiResource(`course:${id}`, (api, signal) =>
    dataOf(api.typed.GET("/v1/courses/{id}", { params: { path: { id } }, signal })),
  );
  return (
    <ResourceView resource={resource} reload={reload} label="Loading the course…">
      {(course) => <CourseView course={course} reload={reload} />}
    </ResourceView>
  );
}
