import { expect, signIn, test } from "./support/fixtures.ts";

// Generated text is untrusted: a section body carrying script, an image with onerror and javascript:
// links must render as inert text. The course comes from the real API, with its sections replaced.
const payloads = [
  `<script>window.__pwned = "script"; alert("script")</script>A paragraph after a script tag.`,
  `<img src=x onerror="window.__pwned = 'img'; alert('img')"> Text after an image tag.`,
  `[Click me](javascript:window.__pwned='link';alert('link')) and [also me](JaVaScRiPt:alert('case'))`,
  `<a href="javascript:alert('raw')">raw anchor</a> and ![tracker](https://tracker.example/pixel.png) and [spaced](java\tscript:alert('tab'))`,
  `<iframe src="javascript:alert('frame')"></iframe>\n\n<svg onload="alert('svg')"></svg>\n\n**Bold survives.** Markdown itself still renders.`,
];

test("a course whose sections contain <script>, <img onerror> and javascript: links renders them inert", async ({
  page,
  service,
}) => {
  const teacher = await service.createUser("teacher");
  const submitted = await page.request.post(`${service.baseUrl}/v1/courses`, {
    headers: { authorization: `Bearer ${teacher.token}` },
    data: { topic: "Safe rendering", modules: 1, lessonsPerModule: 1 },
  });
  const { jobId } = (await submitted.json()) as { jobId: string };
  let courseId: string | null = null;
  await expect
    .poll(
      async () => {
        const job = (await (
          await page.request.get(`${service.baseUrl}/v1/jobs/${jobId}`, {
            headers: { authorization: `Bearer ${teacher.token}` },
          })
        ).json()) as { courseId: string | null };
        courseId = job.courseId;
        return courseId;
      },
      { timeout: 60_000 },
    )
    .not.toBeNull();

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const outsideRequests: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(service.baseUrl)) outsideRequests.push(request.url());
  });
  await page.route(`**/v1/courses/${courseId}`, async (route) => {
    const response = await route.fetch();
    const course = (await response.json()) as {
      title: string;
      modules: { lessons: { title: string; sections: { body: string }[]; keyTerms: { definition: string }[] }[] }[];
    };
    const lesson = course.modules[0]!.lessons[0]!;
    lesson.title = `<img src=x onerror="alert('title')">Lesson title`;
    lesson.sections = lesson.sections.map((section, index) => ({
      ...section,
      body: payloads[index % payloads.length]!,
    }));
    if (lesson.keyTerms[0] !== undefined) lesson.keyTerms[0].definition = `<script>alert("term")</script>`;
    await route.fulfill({ response, json: course });
  });

  await signIn(page, teacher.token, `/courses/${courseId}`);
  const lesson = page.locator("article.lesson");
  await expect(lesson.getByText("Bold survives.").first()).toBeVisible();
  await expect(lesson.locator("strong", { hasText: "Bold survives." }).first()).toBeVisible();
  // Tags written as text in titles stay text.
  await expect(lesson.getByRole("heading", { level: 2 })).toHaveText(
    `<img src=x onerror="alert('title')">Lesson title`,
  );

  expect(
    await page.locator("article.lesson script, article.lesson img, article.lesson iframe, article.lesson svg").count(),
  ).toBe(0);
  expect(await page.locator("[onerror], [onload]").count()).toBe(0);
  const hrefs = await page
    .locator("a[href]")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  expect(hrefs.filter((href) => /^\s*j\s*a\s*v\s*a/i.test(href.replace(/[\u0000-\u0020]/g, "")))).toEqual([]);

  // The link texts are still there, but clicking them does nothing.
  await lesson.getByText("Click me").first().click();
  await lesson.getByText("spaced").first().click();
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(outsideRequests).toEqual([]);
});
