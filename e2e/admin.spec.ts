import type { Page } from "@playwright/test";
import { expect, signIn, test as base } from "./support/fixtures.ts";
import { overflowsSideways, screenshotBoth } from "./support/screenshots.ts";

// The admin pages in a real browser. The model (the simulator) refuses every call in this file's
// Courseforge, so every job fails with a clear reason: the admin finds that reason from the
// dashboard, reads the job's logs, and handles the job-failed alert it opens.

async function api<T>(baseUrl: string, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface FailedJob {
  readonly id: string;
  readonly reason: string;
  readonly code: string;
}

const test = base.extend<Record<never, never>, { failedJob: FailedJob }>({
  // One job per worker, failed because the model refuses it (the faults below). `auto`: it has
  // failed before any page is opened, so the dashboard shows it on first load.
  failedJob: [
    async ({ service }, use) => {
      const teacher = await service.createUser("teacher");
      // The platform's receiver does not resolve here: its delivery stays pending with the reason.
      await api(service.baseUrl, teacher.token, "POST", "/v1/webhooks", {
        url: "https://platform.example.invalid/courseforge",
      });
      const { jobId } = await api<{ jobId: string }>(service.baseUrl, teacher.token, "POST", "/v1/courses", {
        topic: "Admin pages: a course the model refuses",
        modules: 1,
        lessonsPerModule: 1,
      });
      let job: { status: string; failure: { code: string; reason: string } | null } = {
        status: "queued",
        failure: null,
      };
      await expect
        .poll(async () => (job = await api(service.baseUrl, teacher.token, "GET", `/v1/jobs/${jobId}`)).status, {
          timeout: 60_000,
        })
        .toBe("failed");
      await use({ id: jobId, code: job.failure!.code, reason: job.failure!.reason });
    },
    { scope: "worker", timeout: 120_000, auto: true },
  ],
});

test.use({
  serviceEnvironment: {
    COURSEFORGE_SIMULATOR_FAULT_RATE: "1",
    COURSEFORGE_SIMULATOR_FAULTS: "refusal",
    COURSEFORGE_MAX_ATTEMPTS: "2",
    COURSEFORGE_ALERT_INTERVAL_SECONDS: "1",
  },
});

const adminNav = (page: Page) => page.getByRole("navigation", { name: "Admin" });

async function expectFitsAt375(page: Page, name: string): Promise<void> {
  await screenshotBoth(page, name);
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await overflowsSideways(page), `${name} overflows at 375 px`).toBe(false);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe("an admin", () => {
  test.beforeEach(async ({ page, service }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, service.adminToken, "/admin");
  });

  test("finds a failed job's cause from the dashboard: failed jobs → the job → its reason and logs", async ({
    page,
    failedJob,
  }) => {
    expect(failedJob.reason).not.toBe("");
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
    const failedLink = page.getByRole("link", { name: /^Failed\s+1$/ });
    await expect(failedLink).toBeVisible();
    await expect(page.getByRole("region", { name: "Model calls by model" })).toContainText("100%");
    await expect(page.getByRole("img", { name: /Model cost per day/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /Jobs finished per hour/ })).toBeVisible();
    await expectFitsAt375(page, "admin-dashboard");

    await failedLink.click();
    await expect(page).toHaveURL(/\/admin\/jobs\?status=failed$/);
    await expect(page.getByLabel("State")).toHaveValue("failed");
    const row = page.getByRole("row", { name: new RegExp(failedJob.id) });
    await expect(row).toContainText(failedJob.code);
    await expectFitsAt375(page, "admin-jobs");

    await row.getByRole("link", { name: failedJob.id }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/jobs/${failedJob.id}$`));
    const failure = page.getByRole("region", { name: "Why it failed" });
    await expect(failure).toContainText(failedJob.code);
    await expect(failure).toContainText(failedJob.reason);
    const jobLogs = page.locator(".admin-logs");
    await expect(jobLogs.locator(".admin-log").first()).toBeVisible();
    await expect(jobLogs).toContainText(/refus/i);
    await expectFitsAt375(page, "admin-job-failed");

    await page.getByRole("link", { name: "Open in Logs" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/logs\\?jobId=${failedJob.id}$`));
    await expect(page.getByLabel("Job id")).toHaveValue(failedJob.id);
    await page.getByLabel("Minimum severity").selectOption("error");
    await page.getByRole("button", { name: "Apply filter" }).click();
    await expect(page).toHaveURL(/severity=error/);
    const entries = page.locator(".admin-log");
    await expect(entries.first()).toBeVisible();
    for (const badge of await entries.locator(".admin-badge").allTextContents())
      expect(["error", "fatal"]).toContain(badge);
    await expect(page.locator(".admin-logs")).toContainText(/failed/i);
    await expectFitsAt375(page, "admin-logs");
  });

  test("sees the failed job's webhook delivery with why it was not delivered, and replays it", async ({
    page,
    failedJob,
  }) => {
    await adminNav(page).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    const row = page.getByRole("row", { name: new RegExp(failedJob.id) });
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(row).toContainText("could not connect", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(row).toContainText("course.failed");
    await row.getByRole("button", { name: /^Replay delivery/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "is queued again" })).toBeVisible();
    await expect(row).toContainText("pending");
  });

  test("acknowledges, then resolves, the alert the failed job opened — with the keyboard", async ({
    page,
    failedJob,
  }) => {
    await adminNav(page).getByRole("link", { name: "Alerts" }).click();
    const alert = page.getByRole("listitem").filter({ hasText: "job_failed/" }).filter({ hasText: failedJob.code });
    // The evaluator runs every second here; an alert opened after the page loaded needs a refresh.
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(alert).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(alert).toContainText("open");
    await expect(alert.getByRole("link", { name: new RegExp(`See job ${failedJob.id}`) })).toBeVisible();
    await expectFitsAt375(page, "admin-alerts");

    const acknowledge = alert.getByRole("button", { name: /^Acknowledge alert/ });
    await acknowledge.focus();
    await expect(acknowledge).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: /is now acknowledged/ })).toBeVisible();
    await expect(alert.locator(".admin-alert-status-acknowledged")).toHaveText("acknowledged");
    await expect(alert.getByRole("button", { name: /^Acknowledge alert/ })).toHaveCount(0);

    await alert.getByRole("button", { name: /^Resolve alert/ }).click();
    await expect(alert.locator(".admin-alert-status-resolved")).toHaveText("resolved");
    await page.getByLabel("Show").selectOption("resolved");
    await expect(page.getByRole("listitem").filter({ hasText: "job_failed/" }).first()).toBeVisible();
  });

  test("creates a user and copies its token, issues another, and disables the user", async ({
    page,
    context,
    service,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: service.baseUrl });
    await adminNav(page).getByRole("link", { name: "Users" }).click();
    const email = `grace-${Date.now()}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role").selectOption("teacher");
    await page.getByRole("button", { name: "Create user and token" }).click();

    const reveal = page.getByRole("region", { name: `New token for ${email}` });
    const token = await reveal.getByLabel("API token").inputValue();
    expect(token).toMatch(/^cf_/);
    await reveal.getByRole("button", { name: "Copy" }).click();
    await expect(reveal.getByRole("status")).toHaveText("Copied to the clipboard.");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(token);
    const me = await api<{ userId: string; email: string; role: string }>(service.baseUrl, token, "GET", "/v1/me");
    expect(me).toMatchObject({ email, role: "teacher" });
    await expectFitsAt375(page, "admin-users");
    await reveal.getByRole("button", { name: "Done, hide it" }).click();
    await expect(reveal).toHaveCount(0);

    await page.getByRole("button", { name: `Issue a token for ${email}` }).click();
    const second = await page
      .getByRole("region", { name: `New token for ${email}` })
      .getByLabel("API token")
      .inputValue();
    expect(second).not.toBe(token);
    expect((await api<{ userId: string }>(service.baseUrl, second, "GET", "/v1/me")).userId).toBe(me.userId);

    await page.getByRole("button", { name: `Disable ${email}` }).click();
    await page.getByRole("button", { name: `Confirm: disable ${email}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `Disabled ${email}` })).toBeVisible();
    const response = await fetch(`${service.baseUrl}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  test("changes a role's rate limit and sees an API refusal explained", async ({ page }) => {
    await adminNav(page).getByRole("link", { name: "Limits" }).click();
    const teacher = page.getByRole("form", { name: "Role teacher" });
    await teacher.getByLabel("Courses per hour").fill("33");
    await teacher.getByRole("button", { name: "Save teacher limits" }).click();
    await expect(page.getByRole("form", { name: "Role teacher" }).getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(page.getByRole("form", { name: "Role teacher" }).getByLabel("Courses per hour")).toHaveValue("33");
    await expectFitsAt375(page, "admin-limits");

    await page.getByRole("form", { name: "Role student" }).getByLabel("Burst (extra courses)").fill("2.5");
    await page.getByRole("form", { name: "Role student" }).getByRole("button", { name: "Save student limits" }).click();
    await expect(page.getByRole("form", { name: "Role student" }).getByRole("alert")).toContainText("whole number");
  });

  test("allows students a model on the Limits page, which the API then accepts", async ({ page, service }) => {
    const student = await service.createUser("student");
    const request = {
      topic: "Admin pages: a course on another model",
      modules: 1,
      lessonsPerModule: 1,
      model: "gpt-4o-mini",
    };
    const submit = () =>
      fetch(`${service.baseUrl}/v1/courses`, {
        method: "POST",
        headers: { authorization: `Bearer ${student.token}`, "content-type": "application/json" },
        body: JSON.stringify(request),
      });
    const refused = await submit();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("MODEL_NOT_ALLOWED");

    await adminNav(page).getByRole("link", { name: "Limits" }).click();
    const students = page.getByRole("form", { name: "Models of the student role" });
    await students.getByLabel("gpt-4o-mini", { exact: true }).check();
    await students.getByRole("button", { name: "Save student models" }).click();
    await expect(students.getByRole("status")).toHaveText("Saved.");
    await expect(students.getByText("Set by an admin.")).toBeVisible();
    expect((await submit()).status).toBe(202);
    await expectFitsAt375(page, "admin-model-lists");

    await students.getByRole("button", { name: "Reset student to the default" }).click();
    await expect(students.getByRole("status")).toHaveText("Reset to the default.");
    await expect(students.getByLabel("gpt-4o-mini", { exact: true })).not.toBeChecked();
    expect((await submit()).status).toBe(400);
  });
});
