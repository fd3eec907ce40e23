import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./support/fixtures.ts";
import { overflowsSideways, screenshotBoth } from "./support/screenshots.ts";

// Notes that share the course topic's words, so retrieval finds them for every lesson the simulator writes.
const notes = `# Photosynthesis in plants

Photosynthesis in plants starts when chlorophyll in the leaves absorbs light. The light reactions of photosynthesis split water and release oxygen.

## The Calvin cycle

Plants fix carbon dioxide in the stroma; ATP and NADPH from the light reactions drive photosynthesis in the plant.
`;

async function expectNoSeriousViolation(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(blocking.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

test.describe("a teacher's documents", () => {
  test("uploads notes, sees them ready, grounds a course on them and reads its citations with their quotes", async ({
    page,
    service,
  }) => {
    const teacher = await service.createUser("teacher");
    await signIn(page, teacher.token);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Documents" }).click();
    await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
    await expect(page.getByText("No documents yet")).toBeVisible();

    const upload = page.getByRole("form", { name: "Upload documents" });
    // Nothing chosen: the page says what to do instead of sending an empty form.
    await upload.getByRole("button", { name: "Upload" }).click();
    await expect(upload.getByRole("alert")).toContainText("Choose one or more files");

    await upload.getByLabel("Collection").fill("biology");
    await upload.getByLabel("Files").setInputFiles([
      { name: "photosynthesis.md", mimeType: "text/markdown", buffer: Buffer.from(notes) },
      { name: "slides.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") },
    ]);
    await upload.getByRole("button", { name: "Upload" }).click();
    // A type the API does not read: its own message, listing the supported ones; nothing is stored.
    await expect(upload.getByRole("alert")).toContainText(/PDF|Markdown/);
    await expect(page.getByText("No documents yet")).toBeVisible();

    await upload.getByLabel("Files").setInputFiles({
      name: "photosynthesis.md",
      mimeType: "text/markdown",
      buffer: Buffer.from(notes),
    });
    await upload.getByRole("button", { name: "Upload" }).click();
    await expect(upload.getByRole("status")).toHaveText("1 document added to “biology”.");
    const documents = page.getByRole("list", { name: "Documents" });
    const item = documents.getByRole("listitem").filter({ hasText: "photosynthesis.md" });
    await expect(item).toHaveCount(1);
    // The list is read again until ingestion ends.
    await expect(item.locator(".status")).toHaveText("Ready");
    await expect(item).toContainText("biology");

    // Retrieval: the passages a lesson on these words would get.
    const search = page.getByRole("search");
    await search.getByLabel("Search for").fill("chlorophyll absorbs light");
    await search.getByLabel("Search in").selectOption({ label: "biology" });
    await search.getByRole("button", { name: "Search" }).click();
    const results = page.getByRole("list", { name: "Search results" });
    await expect(results.getByRole("listitem").first()).toContainText("chlorophyll in the leaves absorbs light");
    await search.getByLabel("Search for").fill("suspension bridges cables");
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("Nothing relevant")).toBeVisible();
    await search.getByLabel("Search for").fill("chlorophyll absorbs light");
    await search.getByRole("button", { name: "Search" }).click();
    await expect(results).toBeVisible();
    await expectNoSeriousViolation(page);
    await screenshotBoth(page, "documents");

    // The new-course form offers the collection and the document.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New course" }).click();
    const picker = page.getByRole("group", { name: "Ground it on your documents" });
    await expect(picker.getByRole("checkbox")).toHaveCount(2);
    await picker.getByRole("checkbox", { name: "biology" }).check();
    await page.getByLabel("Topic").fill("Photosynthesis in plants");
    await page.getByLabel("Modules").fill("1");
    await page.getByLabel("Lessons per module").fill("1");
    await expectNoSeriousViolation(page);
    await picker.scrollIntoViewIfNeeded();
    await screenshotBoth(page, "new-course-documents");
    const sent = page.waitForRequest(
      (request) => request.method() === "POST" && new URL(request.url()).pathname === "/v1/courses",
    );
    await page.getByRole("button", { name: "Generate course" }).click();
    const body = (await sent).postDataJSON() as { knowledge?: { collections: string[]; documents: string[] } };
    expect(body.knowledge?.collections).toHaveLength(1);
    expect(body.knowledge?.collections[0]).toMatch(/^col_/);
    expect(body.knowledge?.documents).toEqual([]);

    await expect(page.getByRole("link", { name: "Read the course" })).toBeVisible({ timeout: 60_000 });
    await page.getByRole("link", { name: "Read the course" }).click();
    await expect(page.getByText("Written from your documents")).toBeVisible();
    const sources = page.locator("article.lesson aside.citations");
    await expect(sources.first()).toBeVisible();
    const first = sources.first().getByRole("listitem").first();
    // The title of a Markdown file is its first heading; it has no pages.
    await expect(first.locator(".citation-source")).toHaveText("Photosynthesis in plants");
    const quote = (await first.locator(".citation-quote").textContent()) ?? "";
    expect(quote.length).toBeGreaterThan(10);
    // A verbatim span of the notes, shown as text.
    expect(notes).toContain(quote);
    await expectNoSeriousViolation(page);
    await sources.first().scrollIntoViewIfNeeded();
    await screenshotBoth(page, "course-citations");
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await overflowsSideways(page)).toBe(false);
    await page.goto("/documents");
    await expect(item.locator(".status")).toHaveText("Ready");
    expect(await overflowsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Delete the document: asked once more, then gone.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Documents" }).click();
    await item.getByRole("button", { name: "Delete Photosynthesis in plants" }).click();
    await item.getByRole("button", { name: "Delete “Photosynthesis in plants”" }).click();
    await expect(page.getByText("No documents yet")).toBeVisible();
  });

  test("sees why a document failed", async ({ page, service }) => {
    const teacher = await service.createUser("teacher");
    await signIn(page, teacher.token, "/documents");
    const upload = page.getByRole("form", { name: "Upload documents" });
    await upload.getByLabel("Files").setInputFiles({
      name: "broken.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\nthis is not a PDF body"),
    });
    await upload.getByRole("button", { name: "Upload" }).click();
    const item = page.getByRole("list", { name: "Documents" }).getByRole("listitem").filter({ hasText: "broken.pdf" });
    await expect(item.locator(".status")).toHaveText("Failed");
    await expect(item.locator(".failure-reason")).not.toBeEmpty();
    // A failed document is not offered on the new-course form.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New course" }).click();
    await expect(page.getByRole("group", { name: "Ground it on your documents" })).toContainText(
      "No ready document yet",
    );
  });
});
