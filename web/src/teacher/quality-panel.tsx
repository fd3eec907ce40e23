// The course's quality (docs/quality.md): the course score and what is flagged in the header, and
// per lesson its status, the judge's rubric and the checks' flags. Generated text (reasons,
// messages) is shown as text, never as HTML.
import type { Course, CourseQuality, LessonQuality } from "../api/types.ts";

const criterionNames: Record<string, string> = {
  accuracy: "Accuracy",
  clarity: "Clarity",
  alignment: "Alignment with objectives",
  audienceFit: "Fit for audience and level",
  workedExample: "Worked example",
};

const statusText: Record<LessonQuality["status"], string> = {
  passed: "Passed the quality review",
  mended: "Regenerated once after the quality review, then passed",
  flagged: "Flagged: below a quality threshold",
};

/** The quality entry of a lesson, if the course was evaluated. */
export function lessonQualityOf(course: Course, lessonId: string): LessonQuality | undefined {
  return course.quality?.lessons.find((entry) => entry.lessonId === lessonId);
}

/** The course-wide line: score, flagged lessons, course-wide flags. */
export function CourseQualitySummary({ quality }: { quality: CourseQuality }) {
  return (
    <div className={quality.passed ? "muted" : "notice"} role={quality.passed ? undefined : "status"}>
      <p>
        Quality score {quality.score === null ? "—" : `${quality.score} / 5`} ·{" "}
        {quality.passed
          ? "every lesson passed the review"
          : `${quality.flagged} lesson${quality.flagged === 1 ? "" : "s"} flagged${quality.flags.length > 0 ? `, ${quality.flags.length} course-wide flag${quality.flags.length === 1 ? "" : "s"}` : ""}: check before teaching`}
      </p>
      {quality.flags.length > 0 && (
        <ul className="quality-flags">
          {quality.flags.map((flag, index) => (
            <li key={`${flag.check}-${index}`}>{flag.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A lesson's status, rubric and flags. */
export function LessonQualityView({ quality }: { quality: LessonQuality }) {
  return (
    <details className={`lesson-quality lesson-quality-${quality.status}`} open={quality.status === "flagged"}>
      <summary>
        {statusText[quality.status]}
        {quality.score === null ? "" : ` · score ${quality.score} / 5`}
      </summary>
      {quality.rubric !== null && (
        <table className="quality-rubric">
          <tbody>
            {Object.entries(quality.rubric).map(([criterion, entry]) => (
              <tr key={criterion}>
                <th scope="row">{criterionNames[criterion] ?? criterion}</th>
                <td>{entry.score} / 5</td>
                <td>{entry.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {quality.flags.length > 0 && (
        <ul className="quality-flags">
          {quality.flags.map((flag, index) => (
            <li key={`${flag.check}-${flag.target}-${index}`}>
              <code>{flag.check}</code> ({flag.target}): {flag.message}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
