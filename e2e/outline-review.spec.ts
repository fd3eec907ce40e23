import { expect, signIn, test } from "./support/fixtures.ts";
import { screenshotBoth } from "./support/screenshots.ts";

test("a teacher reviews the outline: renames, reorders, adds and removes lessons, approves, and gets that course", async ({
  page,
  service,
}) => {
  const teacher = await service.createUser("teacher");
  await signIn(page, teacher.token, "/new");
  await page.getByLabel("Topic").fill("Volcanoes");
  await page.getByLabel("Modules").fill("1");
  await page.getByLabel("Lessons per module").fill("3");
  await page.getByLabel("Review the outline first").check();
  await page.getByRole("button", { name: "Generate course" }).click();

  await expect(page.getByTestId("job-status")).toHaveText("Awaiting your review", { timeout: 60_000 });
  const review = page.getByRole("region", { name: "Review the outline" });
  await expect(review).toBeVisible();
  const lessonTitle = (number: number) => review.getByLabel(`Lesson 1.${number} title`);
  const original = [
    await lessonTitle(1).inputValue(),
    await lessonTitle(2).inputValue(),
    await lessonTitle(3).inputValue(),
  ];

  await lessonTitle(1).fill("Renamed first lesson");
  await review.getByRole("button", { name: "Move Lesson 1.3 up" }).click();
  await expect(lessonTitle(2)).toHaveValue(original[2]!);
  await review.getByRole("button", { name: "Remove Lesson 1.3" }).click();
  await expect(lessonTitle(3)).toHaveCount(0);
  await review.getByRole("button", { name: "Add a lesson to module 1" }).click();
  await lessonTitle(3).fill("An added lesson");
  await review.getByLabel("Module 1 title").fill("Everything about volcanoes");
  await review.getByRole("button", { name: "Save changes" }).click();
  await expect(review.getByText("Outline saved.")).toBeVisible();
  await screenshotBoth(page, "outline-review");

  // The stored outline is what the page shows (the server renumbered the ids).
  const jobId = /\/jobs\/(job_[\w-]+)/.exec(page.url())![1]!;
  const stored = (await (
    await page.request.get(`/v1/jobs/${jobId}/outline`, { headers: { authorization: `Bearer ${teacher.token}` } })
  ).json()) as {
    modules: { title: string; lessons: { id: string; title: string }[] }[];
  };
  expect(stored.modules[0]!.title).toBe("Everything about volcanoes");
  expect(stored.modules[0]!.lessons.map((lesson) => lesson.title)).toEqual([
    "Renamed first lesson",
    original[2],
    "An added lesson",
  ]);
  expect(stored.modules[0]!.lessons.map((lesson) => lesson.id)).toEqual(["m1-l1", "m1-l2", "m1-l3"]);

  await review.getByRole("button", { name: "Approve outline" }).click();
  await expect(page.getByRole("link", { name: "Read the course" })).toBeVisible({ timeout: 60_000 });
  await page.getByRole("link", { name: "Read the course" }).click();
  const lessons = page.getByRole("navigation", { name: "Lessons" });
  await expect(lessons.getByRole("link")).toHaveText(["Renamed first lesson", original[2]!, "An added lesson"]);
  await expect(lessons.getByRole("heading")).toHaveText("Module 1: Everything about volcanoes");
});
