/**
 * The browser script that grades quizzes offline: on submit it compares each fieldset's answer with
 * its `data-answer`, shows "correct"/"not quite" and the explanation, prints the score and fires a
 * `quiz-graded` event (`detail: { correct, total }`) that the SCORM runtime listens to. Short answers
 * match case-, accent- and spacing-insensitively. Constant text, so its CSP hash is constant too.
 */
export const quizScript = `"use strict";
(function () {
  function normalize(text) {
    return text.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase().replace(/[\\s.,;:!?]+/g, " ").trim();
  }
  function given(fieldset) {
    var inputs = Array.prototype.slice.call(fieldset.querySelectorAll("input"));
    if (fieldset.dataset.type === "short_answer") return inputs.map(function (input) { return input.value; });
    return inputs.filter(function (input) { return input.checked; }).map(function (input) { return input.value; });
  }
  function isCorrect(fieldset) {
    var expected = JSON.parse(fieldset.dataset.answer || "[]");
    var answer = given(fieldset);
    if (fieldset.dataset.type === "short_answer") {
      var text = normalize(answer[0] || "");
      return text !== "" && expected.some(function (accepted) { return normalize(accepted) === text; });
    }
    return answer.length === expected.length && expected.every(function (id) { return answer.indexOf(id) !== -1; });
  }
  function grade(form) {
    var questions = form.querySelectorAll("fieldset[data-type]");
    var correct = 0;
    Array.prototype.forEach.call(questions, function (fieldset) {
      var ok = isCorrect(fieldset);
      if (ok) correct += 1;
      fieldset.dataset.result = ok ? "correct" : "incorrect";
      fieldset.querySelector(".feedback").textContent = ok ? form.dataset.correct : form.dataset.incorrect;
      fieldset.querySelector(".explanation").hidden = false;
    });
    form.querySelector(".score").textContent = form.dataset.score + ": " + correct + " / " + questions.length;
    form.dispatchEvent(new CustomEvent("quiz-graded", { detail: { correct: correct, total: questions.length } }));
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-quiz]"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      grade(form);
    });
  });
})();
`;
