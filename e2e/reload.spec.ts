import { expect, signIn, test } from "./support/fixtures.ts";
import { screenshotBoth } from "./support/screenshots.ts";

// A slower simulator, so that generation lasts long enough to reload the page in the middle of it.
test.use({ simulatorTimeScale: "0.4" });

test("a page reload in the middle of generation keeps the progress, and the job goes on to the end", async ({
  page,
  service,
}) => {
  const teacher = await service.createUser("teacher");
  await signIn(page, teacher.token, "/new");
  await page.getByLabel("Topic").fill("Glaciers");
  await page.getByLabel("Modules").fill("1");
  await page.getByLabel("Lessons per module").fill("3");
  await page.getByRole("button", { name: "Generate course" }).click();

  // Wait for the outline and at least one lesson to be done while the job still runs.
  const done = page.locator("li.step.step-done");
  await expect(done).not.toHaveCount(0, { timeout: 60_000 });
  await expect.poll(() => done.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.locator('li.step[data-step="lesson:m1-l3"]')).toBeVisible();
  const doneBefore = await done.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-step")));
  const statusBefore = await page.getByTestId("job-status").textContent();
  expect(statusBefore, "the job ended before the reload: slow the simulator more").toBe("Generating");

  await page.reload();
  // Rebuilt from the replayed events: every step done before is done again, with its figures.
  for (const step of doneBefore) await expect(page.locator(`li.step[data-step="${step}"]`)).toHaveClass(/step-done/);
  await expect(page.locator('li.step[data-step="outline"] .step-figures')).toContainText("tokens");
  await expect(page.getByRole("progressbar", { name: "Steps done" })).toHaveAttribute("aria-valuemax", "7");
  await screenshotBoth(page, "job-progress");
  await expect(page.getByRole("link", { name: "Read the course" })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("steps-done")).toHaveText("7 / 7");
});
