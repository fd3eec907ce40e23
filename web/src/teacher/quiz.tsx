import { useId, useState, type FormEvent } from "react";
import type { QuizQuestion } from "../api/types.ts";

/** Whether `answer` (option ids, "true"/"false", or typed text) answers `question` correctly. */
export function isCorrect(question: QuizQuestion, answer: readonly string[]): boolean {
  switch (question.type) {
    case "single_choice":
      return answer.length === 1 && answer[0] === question.correctOptionId;
    case "multiple_choice":
      return (
        answer.length === question.correctOptionIds.length &&
        question.correctOptionIds.every((id) => answer.includes(id))
      );
    case "true_false":
      return answer.length === 1 && answer[0] === String(question.answer);
    case "short_answer": {
      const typed = (answer[0] ?? "").trim().toLowerCase();
      return typed !== "" && question.acceptedAnswers.some((accepted) => accepted.trim().toLowerCase() === typed);
    }
  }
}

function correctAnswerText(question: QuizQuestion): string {
  switch (question.type) {
    case "single_choice":
      return question.options.find((option) => option.id === question.correctOptionId)?.text ?? "";
    case "multiple_choice":
      return question.options
        .filter((option) => question.correctOptionIds.includes(option.id))
        .map((option) => option.text)
        .join("; ");
    case "true_false":
      return question.answer ? "True" : "False";
    case "short_answer":
      return question.acceptedAnswers.join(" / ");
  }
}

function Question({ question, number }: { question: QuizQuestion; number: number }) {
  const [answer, setAnswer] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);
  const name = useId();
  const correct = checked && isCorrect(question, answer);
  const check = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
  };
  const choose = (value: string, multiple: boolean) => {
    setChecked(false);
    setAnswer((previous) =>
      multiple
        ? previous.includes(value)
          ? previous.filter((entry) => entry !== value)
          : [...previous, value]
        : [value],
    );
  };
  const options =
    question.type === "true_false"
      ? [
          { id: "true", text: "True" },
          { id: "false", text: "False" },
        ]
      : question.type === "short_answer"
        ? []
        : question.options;
  const multiple = question.type === "multiple_choice";
  return (
    <form className="question card" onSubmit={check} data-question={question.id}>
      <fieldset>
        <legend>
          <span className="question-number">Question {number}.</span> {question.prompt}
          {multiple && <span className="hint"> (choose every correct answer)</span>}
        </legend>
        {question.type === "short_answer" ? (
          <label className="field">
            <span>Your answer</span>
            <input
              value={answer[0] ?? ""}
              onChange={(event) => {
                setChecked(false);
                setAnswer([event.target.value]);
              }}
            />
          </label>
        ) : (
          <ul className="options">
            {options.map((option) => (
              <li key={option.id}>
                <label>
                  <input
                    type={multiple ? "checkbox" : "radio"}
                    name={name}
                    value={option.id}
                    checked={answer.includes(option.id)}
                    onChange={() => choose(option.id, multiple)}
                  />
                  {option.text}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <button type="submit" disabled={answer.length === 0 || (answer[0] ?? "").trim() === ""}>
        Check answer
      </button>
      <div aria-live="polite">
        {checked && (
          <div className={`feedback ${correct ? "correct" : "incorrect"}`}>
            <p>
              <strong>{correct ? "Correct." : "Not quite."}</strong>{" "}
              {!correct && <>The answer: {correctAnswerText(question)}.</>}
            </p>
            <p>{question.explanation}</p>
          </div>
        )}
      </div>
    </form>
  );
}

/** A lesson's quiz: answer each question and check it, with its explanation. */
export function Quiz({ questions }: { questions: readonly QuizQuestion[] }) {
  return (
    <div className="quiz">
      {questions.map((question, index) => (
        <Question key={question.id} question={question} number={index + 1} />
      ))}
    </div>
  );
}
