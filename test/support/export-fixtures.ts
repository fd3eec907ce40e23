// Courses for the export tests (unit and browser). Not part of the public surface.
import { validateCourse, type Course } from "../../src/course/index.ts";
import { sampleCourse } from "./course-fixtures.ts";

/** Payloads that run script, load resources or navigate if an export lets them through as HTML. */
export const hostilePayloads = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned = 'img'">`,
  `[click](javascript:window.__pwned='link') [case](JaVaScRiPt:window.__pwned='case')`,
  `<a href="javascript:window.__pwned='raw'">raw</a> ![tracker](https://tracker.example/pixel.png)`,
  `<iframe src="javascript:window.__pwned='frame'"></iframe> <svg onload="window.__pwned='svg'"></svg>`,
  `[entity](java&#115;cript:window.__pwned='entity') <javascript:window.__pwned='auto'>`,
  `"><script>window.__pwned='attribute'</script>`,
] as const;

/** The sample course with a hostile payload in every text field a user or a model writes. */
export function hostileCourse(): Course {
  const course = sampleCourse();
  const payload = (index: number) => `${hostilePayloads[index % hostilePayloads.length]!} text ${index}`;
  let index = 0;
  const next = () => payload(index++);
  course.title = next();
  course.description = next();
  course.topic = next().slice(0, 200);
  course.audience = next().slice(0, 200);
  for (const module of course.modules) {
    module.title = next();
    module.summary = next();
    for (const lesson of module.lessons) {
      lesson.title = next();
      lesson.summary = next();
      for (const objective of lesson.objectives) objective.text = next();
      for (const section of lesson.sections) {
        section.title = next();
        section.body = hostilePayloads.join("\n\n");
      }
      for (const keyTerm of lesson.keyTerms) {
        keyTerm.term = next();
        keyTerm.definition = next();
      }
      for (const question of lesson.quiz.questions) {
        question.prompt = next();
        question.explanation = next();
        if (question.type === "single_choice" || question.type === "multiple_choice")
          for (const option of question.options) option.text = next();
        if (question.type === "short_answer") question.acceptedAnswers = [next()];
      }
    }
  }
  const validation = validateCourse(course);
  if (!validation.ok) throw new Error(`hostileCourse is not a valid course: ${JSON.stringify(validation.issues)}`);
  return validation.course;
}
