import { expect, signIn, test } from "./support/fixtures.ts";
import { overflowsSideways, screenshotBoth } from "./support/screenshots.ts";

test.describe("a teacher", () => {
  test("signs in from the link, generates a course and reads a lesson with its quiz", async ({ page, service }) => {
    const teacher = await service.createUser("teacher");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Sign in to Courseforge" })).toBeVisible();
    await screenshotBoth(page, "sign-in");

    await signIn(page, teacher.token);
    // The token left the address bar at once, and stays out of the history.
    expect(new URL(page.url()).hash).toBe("");
    // The header says who is signed in (GET /v1/me's email and role).
    await expect(page.getByRole("banner")).toContainText(`${teacher.email} · teacher`);
    await expect(page.getByRole("heading", { name: "Make a course" })).toBeVisible();
    await expect(page.getByText("Nothing generating")).toBeVisible();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New course" }).click();
    await page.getByLabel("Topic").fill("Tides and the Moon");
    await page.getByLabel("Audience").fill("curious adults");
    await page.getByLabel("Modules").fill("1");
    await page.getByLabel("Lessons per module").fill("2");
    await page.getByRole("button", { name: "Generate course" }).click();

    await expect(page).toHaveURL(/\/jobs\/job_/);
    await expect(page.getByRole("link", { name: "Read the course" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("job-status")).toHaveText("Ready");
    await expect(page.getByTestId("steps-done")).toHaveText("5 / 5");
    await expect(page.locator('.step[data-step="quiz:m1-l2"] .step-state')).toHaveText("Done");
    await screenshotBoth(page, "job-finished");

    await page.getByRole("link", { name: "Read the course" }).click();
    const lessons = page.getByRole("navigation", { name: "Lessons" });
    await expect(lessons.getByRole("link")).toHaveCount(2);
    await lessons.getByRole("link").nth(1).click();
    await expect(page).toHaveURL(/lesson=m1-l2/);
    const lesson = page.locator("article.lesson");
    await expect(lesson.getByRole("heading", { level: 2 })).toBeVisible();
    await expect(lesson.locator(".section").first()).toBeVisible();
    await expect(lesson.getByRole("heading", { name: "Key terms" })).toBeVisible();

    // Answer the first question with its first choice (or a word), check it, and get the explanation.
    const question = lesson.locator("form.question").first();
    const choice = question.locator("input[type=radio], input[type=checkbox]").first();
    if ((await choice.count()) > 0) await choice.check();
    else await question.getByLabel("Your answer").fill("an answer");
    await question.getByRole("button", { name: "Check answer" }).click();
    await expect(question.locator(".feedback")).toContainText(/Correct\.|Not quite\./);
    await screenshotBoth(page, "course-viewer");

    for (const [button, extension] of [
      ["Download Markdown", /\.md$/],
      ["Download HTML page", /\.html$/],
      ["Download SCORM 1.2", /\.scorm12\.zip$/],
      ["Download Common Cartridge", /\.imscc$/],
    ] as const) {
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: button }).click();
      expect((await download).suggestedFilename()).toMatch(extension);
    }

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My courses" }).click();
    await expect(page.getByRole("list", { name: "Courses" }).getByRole("listitem")).toHaveCount(1);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
    await expect(page.getByRole("list", { name: "Jobs" }).getByRole("listitem")).toHaveCount(1);
    await expect(page.getByRole("list", { name: "Jobs" })).toContainText("Ready");
    await screenshotBoth(page, "my-jobs");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
    await expect(page.getByRole("list", { name: "Courses" })).toBeVisible();
    await screenshotBoth(page, "home");
  });

  test("sees the API's own message beside the field it is about", async ({ page, service }) => {
    const teacher = await service.createUser("teacher");
    await signIn(page, teacher.token, "/new");
    await page.getByLabel("Topic").fill("x");
    await page.getByLabel("Modules").fill("40");
    await page.getByRole("button", { name: "Generate course" }).click();
    const topic = page.getByLabel("Topic");
    await expect(topic).toHaveAttribute("aria-invalid", "true");
    await expect(topic).toBeFocused();
    // The messages are the API's: the form has no rules of its own.
    const describedBy = (await topic.getAttribute("aria-describedby")) ?? "";
    const topicError = page.locator(`[id="${describedBy.split(" ").find((id) => id.endsWith("-error"))}"]`);
    await expect(topicError).toContainText(/3/);
    await expect(page.getByLabel("Modules")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/new$/);
    await screenshotBoth(page, "new-course-errors");
  });

  test("is keyboard navigable with visible focus, and fits a 375 px screen", async ({ page, service }) => {
    const teacher = await service.createUser("teacher");
    await signIn(page, teacher.token);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    await expect(focused).toHaveText("Courseforge");
    const outline = await focused.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe("none");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New course" }).press("Enter");
    await expect(page.getByRole("heading", { name: "New course" })).toBeVisible();
    for (const label of [
      "Topic",
      "Audience",
      "Level",
      "Modules",
      "Lessons per module",
      "Language",
      "Review the outline first",
    ]) {
      await expect(page.getByLabel(label)).toBeVisible();
    }
    await page.setViewportSize({ width: 375, height: 812 });
    for (const path of ["/", "/new", "/jobs", "/courses"]) {
      await page.goto(path);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      expect(await overflowsSideways(page), path).toBe(false);
    }
  });

  test("sees when the API is down, and when it may retry after a 429", async ({ page, service }) => {
    const teacher = await service.createUser("teacher");
    await signIn(page, teacher.token);
    await page.route("**/v1/jobs?*", (route) => route.abort("connectionrefused"));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
    await expect(page.getByRole("alert")).toContainText("The server does not answer");
    await page.unroute("**/v1/jobs?*");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByText("No jobs yet")).toBeVisible();

    await page.route("**/v1/courses", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 429,
            headers: { "content-type": "application/json", "retry-after": "95" },
            body: JSON.stringify({
              error: {
                code: "RATE_LIMITED",
                message: "You reached 20 courses per hour.",
                details: { limit: "courses-hour" },
              },
            }),
          })
        : route.fallback(),
    );
    await page.goto("/new");
    await page.getByLabel("Topic").fill("Rate limits");
    await page.getByRole("button", { name: "Generate course" }).click();
    await expect(page.getByRole("alert")).toContainText("You reached 20 courses per hour.");
    await expect(page.getByRole("alert")).toContainText(/try again in 1 min 3\d s/);
    await screenshotBoth(page, "rate-limited");
  });
});
