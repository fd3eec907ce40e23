import { expect, signIn, test } from "./support/fixtures.ts";

async function api<T>(baseUrl: string, token: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

test.describe("a teacher regenerating part of a course", () => {
  test("rewrites a section with an instruction, sees the change side by side, and restores the previous version", async ({
    page,
    service,
  }) => {
    const teacher = await service.createUser("teacher");
    const submitted = await api<{ jobId: string }>(service.baseUrl, teacher.token, "/v1/courses", {
      topic: "Suspension bridges",
      modules: 1,
      lessonsPerModule: 1,
    });
    let courseId: string | null = null;
    await expect
      .poll(
        async () => {
          const job = await api<{ status: string; courseId: string | null }>(
            service.baseUrl,
            teacher.token,
            `/v1/jobs/${submitted.jobId}`,
          );
          courseId = job.courseId;
          return job.status;
        },
        { timeout: 60_000 },
      )
      .toBe("succeeded");
    const original = await api<{ modules: { lessons: { sections: { body: string }[] }[] }[] }>(
      service.baseUrl,
      teacher.token,
      `/v1/courses/${courseId}`,
    );

    await signIn(page, teacher.token, `/courses/${courseId}?lesson=m1-l1`);
    const section = page.locator("section.section").nth(1);
    await section.getByRole("button", { name: "Regenerate…" }).click();
    const form = section.getByRole("form");
    await form.getByRole("textbox").fill("Simpler language, please.");
    await form.getByRole("button", { name: "Regenerate", exact: true }).click();

    const review = page.getByRole("region", { name: /Revision 2: what changed since revision 1/ });
    await expect(review).toBeVisible({ timeout: 60_000 });
    await expect(review.getByRole("heading", { name: "section m1-l1-s2 (changed)" })).toBeVisible();
    await expect(review.getByRole("columnheader", { name: "Before" }).first()).toBeVisible();
    // The old body is shown as text in the "Before" column.
    const oldBody = original.modules[0]!.lessons[0]!.sections[1]!.body;
    await expect(review.locator("td pre").first()).toContainText(oldBody.slice(0, 40));

    await review.getByRole("button", { name: "Restore revision 1" }).click();
    await expect(review).toBeHidden();
    const revisions = await api<{ current: number; revisions: { origin: string; restoredFrom: number | null }[] }>(
      service.baseUrl,
      teacher.token,
      `/v1/courses/${courseId}/revisions`,
    );
    expect(revisions.current).toBe(3);
    expect(revisions.revisions.at(-1)).toMatchObject({ origin: "restored", restoredFrom: 1 });
  });
});
