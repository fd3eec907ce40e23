/**
 * The browser script of each SCORM 1.2 lesson page. It finds the LMS's `API` object (in a parent or
 * opener window, as SCORM 1.2 says), initializes, restores the learner's place
 * (`cmi.core.lesson_location`, the section last in view) and answers (`cmi.suspend_data`), marks a
 * lesson without a quiz `completed`, and on each graded quiz reports `cmi.core.score.raw/min/max`
 * and `passed`/`failed` against the page's mastery score, then commits. It finishes on `pagehide`.
 * Without an LMS the page still works (the quiz script grades on its own).
 */
export const scormRuntimeScript = `"use strict";
(function () {
  function findApi(start) {
    for (var win = start, depth = 0; win && depth < 10; depth += 1) {
      try { if (win.API) return win.API; } catch (error) { return null; }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = findApi(window) || (window.opener ? findApi(window.opener) : null);
  if (!api || String(api.LMSInitialize("")) !== "true") return;
  var mastery = Number(document.body.getAttribute("data-mastery-score") || "80");
  var form = document.querySelector("form[data-quiz]");
  var finished = false;

  function answers() {
    var saved = {};
    if (!form) return saved;
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-type]"), function (fieldset) {
      var values = Array.prototype.slice.call(fieldset.querySelectorAll("input")).filter(function (input) {
        return input.type === "text" ? input.value !== "" : input.checked;
      }).map(function (input) { return input.value; });
      if (values.length > 0) saved[fieldset.id] = values;
    });
    return saved;
  }
  function save(graded) {
    var text = JSON.stringify({ answers: answers(), graded: graded });
    if (text.length <= 4096) api.LMSSetValue("cmi.suspend_data", text);
  }
  function restore() {
    var text = String(api.LMSGetValue("cmi.suspend_data") || "");
    if (text === "" || !form) return;
    var state;
    try { state = JSON.parse(text); } catch (error) { return; }
    Object.keys(state.answers || {}).forEach(function (id) {
      var fieldset = document.getElementById(id);
      if (!fieldset) return;
      var values = state.answers[id];
      Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
        if (input.type === "text") input.value = values[0] || "";
        else input.checked = values.indexOf(input.value) !== -1;
      });
    });
    if (state.graded) form.requestSubmit();
  }

  var status = String(api.LMSGetValue("cmi.core.lesson_status") || "");
  if (!form) {
    if (status !== "completed" && status !== "passed") api.LMSSetValue("cmi.core.lesson_status", "completed");
  } else if (status === "" || status === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  api.LMSCommit("");

  var location = String(api.LMSGetValue("cmi.core.lesson_location") || "");
  var target = location === "" ? null : document.getElementById(location);
  if (target) target.scrollIntoView();

  if (form) {
    form.addEventListener("change", function () { save(false); api.LMSCommit(""); });
    form.addEventListener("quiz-graded", function (event) {
      var raw = event.detail.total === 0 ? 100 : Math.round((event.detail.correct / event.detail.total) * 100);
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(raw));
      api.LMSSetValue("cmi.core.lesson_status", raw >= mastery ? "passed" : "failed");
      api.LMSSetValue("cmi.core.lesson_location", form.closest("section").id);
      save(true);
      api.LMSCommit("");
    });
    restore();
  }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !finished) api.LMSSetValue("cmi.core.lesson_location", entry.target.id);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".section, .quiz"), function (part) { observer.observe(part); });
  }

  window.addEventListener("pagehide", function () {
    if (finished) return;
    finished = true;
    api.LMSSetValue("cmi.core.exit", "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
  });
})();
`;
