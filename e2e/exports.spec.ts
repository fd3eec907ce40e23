import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Frame, type Page } from "@playwright/test";
import { sampleCourse } from "../test/support/course-fixtures.ts";
import { cartridgePaths, courseToCommonCartridge, courseToHtml, courseToScorm } from "../src/export/index.ts";
import { hostileCourse } from "../test/support/export-fixtures.ts";
import { collect, readZip } from "../test/support/zip-reader.ts";

// Exports opened in the real browser: files are served from memory under an invented origin
// (page.route), so the tests see every request a page makes and start no server.
const origin = "http://exports.test";
const scormAgent = fileURLToPath(new URL("../node_modules/scorm-again/dist/scorm12.min.js", import.meta.url));

interface Served {
  readonly requests: string[];
  readonly violations: string[];
  readonly dialogs: string[];
}

async function serve(page: Page, files: ReadonlyMap<string, string | Buffer>): Promise<Served> {
  const served: Served = { requests: [], violations: [], dialogs: [] };
  page.on("request", (request) => served.requests.push(request.url()));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) served.violations.push(message.text());
  });
  page.on("dialog", (dialog) => {
    served.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    const body = url.origin === origin ? files.get(decodeURIComponent(url.pathname.slice(1))) : undefined;
    if (body === undefined) return route.fulfill({ status: 404, body: "not found" });
    const type = url.pathname.endsWith(".js")
      ? "text/javascript"
      : url.pathname.endsWith(".css")
        ? "text/css"
        : url.pathname.endsWith(".xml")
          ? "application/xml"
          : "text/html; charset=utf-8";
    return route.fulfill({ status: 200, contentType: type, body });
  });
  return served;
}

async function answerFirstQuizCorrectly(scope: Page | Frame): Promise<void> {
  const quiz = scope.locator("form[data-quiz]").first();
  await quiz.getByLabel("B. Thylakoid membrane").check();
  await quiz.getByLabel("A. Glucose").check();
  await quiz.getByLabel("B. Oxygen").check();
  await quiz.locator("fieldset").nth(2).getByLabel("False").check();
  await quiz.locator("fieldset").nth(3).getByLabel("Your answer").fill("  Chlorophyll ");
}

test.describe("HTML export", () => {
  test("grades quizzes offline, with no network request and no CSP violation", async ({ page }) => {
    const served = await serve(page, new Map([["course.html", courseToHtml(sampleCourse())]]));
    await page.goto(`${origin}/course.html`);
    const quiz = page.locator("form[data-quiz]").first();
    await expect(quiz.locator(".explanation").first()).toBeHidden();
    await answerFirstQuizCorrectly(page);
    await quiz.getByRole("button", { name: "Check answers" }).click();
    await expect(quiz.locator(".feedback")).toHaveText(["Correct.", "Correct.", "Correct.", "Correct."]);
    await expect(quiz.locator(".score")).toHaveText("Score: 4 / 4");
    await expect(quiz.getByText("They need the membrane-bound photosystems.")).toBeVisible();

    const second = page.locator("form[data-quiz]").nth(1);
    await second.getByLabel("A. Stroma").check();
    await second.getByRole("button", { name: "Check answers" }).click();
    await expect(second.locator(".feedback").first()).toHaveText("Not quite.");
    await expect(second.locator(".score")).toHaveText("Score: 0 / 4");

    expect(served.requests).toEqual([`${origin}/course.html`]);
    expect(served.violations).toEqual([]);
  });

  test("has no serious or critical accessibility violation (axe-core)", async ({ page }) => {
    await serve(page, new Map([["course.html", courseToHtml(sampleCourse())]]));
    await page.goto(`${origin}/course.html`);
    await page.locator("form[data-quiz]").first().getByRole("button").click();
    const results = await new AxeBuilder({ page }).analyze();
    const blocking = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
    expect(blocking.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  test("prints one lesson per page with the explanations shown and the buttons hidden", async ({ page }) => {
    await serve(page, new Map([["course.html", courseToHtml(sampleCourse())]]));
    await page.goto(`${origin}/course.html`);
    await page.emulateMedia({ media: "print" });
    const lesson = page.locator(".lesson").first();
    expect(await lesson.evaluate((element) => getComputedStyle(element).breakBefore)).toBe("page");
    await expect(page.locator(".explanation").first()).toBeVisible();
    await expect(page.locator("form[data-quiz] button").first()).toBeHidden();
  });

  test("hostile model and user text stays inert: no script, no handler, no javascript: navigation", async ({
    page,
  }) => {
    const served = await serve(page, new Map([["course.html", courseToHtml(hostileCourse())]]));
    await page.goto(`${origin}/course.html`);
    await expect(page.getByText(`<script>window.__pwned = "script"</script>`).first()).toBeVisible();
    const links = page.locator("main a");
    for (let index = 0; index < (await links.count()); index += 1) {
      const href = (await links.nth(index).getAttribute("href")) ?? "";
      expect(href.startsWith("#") || href.startsWith("https://"), href).toBe(true);
    }
    await page.locator("form[data-quiz]").first().getByRole("button").click();
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(served.dialogs).toEqual([]);
    expect(served.requests).toEqual([`${origin}/course.html`]);
  });
});

test.describe("SCORM 1.2 package in scorm-again", () => {
  async function launch(page: Page, initial: object | undefined): Promise<{ frame: Frame; served: Served }> {
    const files = new Map<string, string | Buffer>(readZip(await collect(courseToScorm(sampleCourse()))));
    files.set("scorm12.js", await readFile(scormAgent));
    // The LMS page: scorm-again as window.API, the learner's stored data loaded before launch.
    files.set(
      "lms.html",
      `<!doctype html><html lang="en"><head><title>LMS</title><script src="/scorm12.js"></script><script>
window.API = new Scorm12API({ logLevel: 5 });
window.commits = 0;
window.API.on("LMSCommit", function () { window.commits += 1; });
var initial = ${JSON.stringify(initial ?? null)};
if (initial) window.API.loadFromJSON(initial);
</script></head><body><iframe title="Lesson" src="/lessons/m1-l1.html" width="900" height="700"></iframe></body></html>`,
    );
    const served = await serve(page, files);
    await page.goto(`${origin}/lms.html`);
    const frame = page.frame({ url: /m1-l1\.html$/ });
    if (frame === null) throw new Error("The lesson frame did not load.");
    await frame.waitForLoadState();
    return { frame, served };
  }

  const cmi = (page: Page) =>
    page.evaluate(() => {
      interface Cmi {
        core: { lesson_status: string; lesson_location: string; score: { raw: string; min: string; max: string } };
        suspend_data: string;
      }
      const api = (window as unknown as { API: { cmi: Cmi } }).API;
      return {
        status: String(api.cmi.core.lesson_status),
        raw: String(api.cmi.core.score.raw),
        min: String(api.cmi.core.score.min),
        max: String(api.cmi.core.score.max),
        location: String(api.cmi.core.lesson_location),
        suspendData: String(api.cmi.suspend_data),
        commits: (window as unknown as { commits: number }).commits,
      };
    });

  test("finds the API, reports passed with the score, commits, and resumes answers and place", async ({ page }) => {
    const { frame, served } = await launch(page, undefined);
    await expect.poll(async () => (await cmi(page)).status).toBe("incomplete");
    await answerFirstQuizCorrectly(frame);
    await frame.getByRole("button", { name: "Check answers" }).click();
    await expect.poll(async () => (await cmi(page)).status).toBe("passed");
    const reported = await cmi(page);
    expect(reported).toMatchObject({ raw: "100", min: "0", max: "100" });
    expect(reported.location).toMatch(/^m1-l1-(quiz|s\d+)$/);
    expect(reported.commits).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(reported.suspendData)).toMatchObject({ graded: true, answers: { "m1-l1-q1": ["m1-l1-q1-b"] } });
    expect(served.violations).toEqual([]);

    const resumed = await page.context().newPage();
    const again = await launch(resumed, {
      core: { lesson_status: reported.status, lesson_location: reported.location, score: { raw: reported.raw } },
      suspend_data: reported.suspendData,
    });
    await expect(again.frame.getByLabel("B. Thylakoid membrane")).toBeChecked();
    await expect(again.frame.getByLabel("Your answer")).toHaveValue("  Chlorophyll ");
    await expect(again.frame.locator(".score")).toHaveText("Score: 4 / 4");
    expect(await again.frame.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect((await cmi(resumed)).status).toBe("passed");
  });

  test("reports failed below the mastery score", async ({ page }) => {
    const { frame } = await launch(page, undefined);
    await frame.getByLabel("A. Stroma").check();
    await frame.getByRole("button", { name: "Check answers" }).click();
    await expect.poll(async () => (await cmi(page)).status).toBe("failed");
    expect((await cmi(page)).raw).toBe("0");
  });
});

test.describe("Common Cartridge 1.1", () => {
  test("the manifest and every QTI file parse as XML, and every question has its correct response", async ({
    page,
  }) => {
    const course = sampleCourse();
    const files = readZip(await collect(courseToCommonCartridge(course)));
    await page.setContent("<!doctype html><title>XML</title>");
    const xml = Object.fromEntries(
      [...files].filter(([name]) => name.endsWith(".xml")).map(([n, b]) => [n, b.toString()]),
    );
    const parsed = await page.evaluate((documents) => {
      const result: Record<string, { error: string | null; files: string[]; items: Record<string, string[]> }> = {};
      for (const [name, text] of Object.entries(documents)) {
        const document = new DOMParser().parseFromString(text, "application/xml");
        const error = document.getElementsByTagName("parsererror")[0]?.textContent ?? null;
        const files = Array.from(document.getElementsByTagName("file"), (file) => file.getAttribute("href") ?? "");
        const items: Record<string, string[]> = {};
        for (const item of Array.from(document.getElementsByTagName("item"))) {
          const ident = item.getAttribute("ident");
          if (ident === null) continue;
          const scoring = Array.from(item.getElementsByTagName("respcondition")).find(
            (condition) => condition.getElementsByTagName("setvar")[0]?.textContent === "100",
          );
          const positive = Array.from(scoring?.getElementsByTagName("varequal") ?? []).filter(
            (equal) => equal.parentElement?.localName !== "not",
          );
          items[ident] = positive.map((equal) => equal.textContent ?? "");
        }
        result[name] = { error, files, items };
      }
      return result;
    }, xml);
    for (const [name, document] of Object.entries(parsed)) expect(document.error, name).toBeNull();
    for (const file of parsed["imsmanifest.xml"]!.files) expect(files.has(file), file).toBe(true);
    for (const lesson of course.modules.flatMap((module) => module.lessons)) {
      const items = parsed[cartridgePaths(lesson.id).assessment]!.items;
      for (const question of lesson.quiz.questions) {
        const expected =
          question.type === "single_choice"
            ? [question.correctOptionId]
            : question.type === "multiple_choice"
              ? question.correctOptionIds
              : question.type === "true_false"
                ? [String(question.answer)]
                : question.acceptedAnswers;
        expect(items[question.id], question.id).toEqual(expected);
      }
    }
  });
});
