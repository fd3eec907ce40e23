import type { CourseLesson, QuizQuestion } from "../course/index.ts";
import { markdownToHtml } from "./html-text.ts";
import type { ExportLabels } from "./labels.ts";
import { escapeXml } from "./xml.ts";

const profiles: Record<QuizQuestion["type"], string> = {
  single_choice: "cc.multiple_choice.v0p1",
  multiple_choice: "cc.multiple_response.v0p1",
  true_false: "cc.true_false.v0p1",
  short_answer: "cc.fib.v0p1",
};

/**
 * A lesson's quiz as a QTI 1.2 assessment in the IMS Common Cartridge 1.1 profile: one item per
 * question (its ident is the question id), choices as `response_lid`, short answers as `response_str`
 * (`cc.fib`), the answer key as `respcondition`s that set SCORE to 100, the explanation as feedback.
 * Prompts and explanations are sanitized HTML inside `mattext`.
 */
export function quizToQti(lesson: CourseLesson, title: string, labels: ExportLabels): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd">
  <assessment ident="${lesson.id}-quiz" title="${escapeXml(`${labels.quiz}: ${title}`)}">
    <qtimetadata>
${field("cc_profile", "cc.exam.v0p1")}
${field("qmd_assessmenttype", "Examination")}
${field("cc_maxattempts", "unlimited")}
    </qtimetadata>
    <section ident="${lesson.id}-quiz-section">
${lesson.quiz.questions.map((question, index) => itemXml(question, index + 1, labels)).join("\n")}
    </section>
  </assessment>
</questestinterop>
`;
}

function field(label: string, entry: string): string {
  return `      <qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${entry}</fieldentry></qtimetadatafield>`;
}

function html(markdown: string): string {
  return `<material><mattext texttype="text/html">${escapeXml(markdownToHtml(markdown, 4))}</mattext></material>`;
}

function plain(text: string): string {
  return `<material><mattext texttype="text/plain">${escapeXml(text)}</mattext></material>`;
}

function itemXml(question: QuizQuestion, number: number, labels: ExportLabels): string {
  return `      <item ident="${question.id}" title="${escapeXml(`${labels.quiz} ${number}`)}">
        <itemmetadata><qtimetadata>
${field("cc_profile", profiles[question.type])}
        </qtimetadata></itemmetadata>
        <presentation>
          ${html(question.prompt)}
          ${responseXml(question, labels)}
        </presentation>
        <resprocessing>
          <outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>
          <respcondition continue="Yes"><conditionvar><other/></conditionvar><displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>
          <respcondition continue="No"><conditionvar>${correctCondition(question)}</conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
        </resprocessing>
        <itemfeedback ident="general_fb"><flow_mat>${html(question.explanation)}</flow_mat></itemfeedback>
      </item>`;
}

function responseXml(question: QuizQuestion, labels: ExportLabels): string {
  const labelsOf = (choices: readonly { id: string; text: string }[]) =>
    choices
      .map((choice) => `<response_label ident="${escapeXml(choice.id)}">${plain(choice.text)}</response_label>`)
      .join("");
  switch (question.type) {
    case "single_choice":
      return `<response_lid ident="response1" rcardinality="Single"><render_choice>${labelsOf(question.options)}</render_choice></response_lid>`;
    case "multiple_choice":
      return `<response_lid ident="response1" rcardinality="Multiple"><render_choice>${labelsOf(question.options)}</render_choice></response_lid>`;
    case "true_false":
      return `<response_lid ident="response1" rcardinality="Single"><render_choice>${labelsOf([
        { id: "true", text: labels.trueAnswer },
        { id: "false", text: labels.falseAnswer },
      ])}</render_choice></response_lid>`;
    case "short_answer":
      return `<response_str ident="response1" rcardinality="Single"><render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>`;
  }
}

function equal(value: string, caseSensitive = true): string {
  return `<varequal respident="response1"${caseSensitive ? "" : ' case="No"'}>${escapeXml(value)}</varequal>`;
}

function correctCondition(question: QuizQuestion): string {
  switch (question.type) {
    case "single_choice":
      return equal(question.correctOptionId);
    case "multiple_choice":
      return `<and>${question.options
        .map((option) =>
          question.correctOptionIds.includes(option.id) ? equal(option.id) : `<not>${equal(option.id)}</not>`,
        )
        .join("")}</and>`;
    case "true_false":
      return equal(String(question.answer));
    case "short_answer":
      return `<or>${question.acceptedAnswers.map((answer) => equal(answer, false)).join("")}</or>`;
  }
}
