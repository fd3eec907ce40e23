import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { CourseforgeError } from "../errors/index.ts";
import { raiseAlert } from "./alert-store.ts";
import { createMonitoring, type Monitoring } from "./monitoring.ts";

let testDatabase: TestDatabase;
let monitoring: Monitoring;
let alertId: number;
const admin = { userId: "usr_admin", role: "admin" } as const;
const teacher = { userId: "usr_teacher", role: "teacher" } as const;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  monitoring = createMonitoring({ database: testDatabase.db });
  const raised = await raiseAlert(
    testDatabase.db,
    "test.rule",
    { key: "one", severity: "warning", message: "Something to look at", details: {} },
    new Date(),
  );
  alertId = raised.alert.id;
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (CourseforgeError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("monitoring", () => {
  it("refuses logs, alerts and figures to anyone but an admin, and changes no alert", async () => {
    expect(await codeOf(monitoring.logs(teacher, {}))).toBe("FORBIDDEN");
    expect(await codeOf(monitoring.alerts(teacher, {}))).toBe("FORBIDDEN");
    expect(await codeOf(monitoring.setAlertStatus(teacher, alertId, "resolved"))).toBe("FORBIDDEN");
    expect(await codeOf(monitoring.stats(teacher, { modelWindowHours: 24 }))).toBe("FORBIDDEN");
    expect((await monitoring.alerts(admin, {}))[0]?.status).toBe("open");
  });

  it("reads and changes them for an admin", async () => {
    expect((await monitoring.setAlertStatus(admin, alertId, "acknowledged"))?.status).toBe("acknowledged");
    expect(await monitoring.alerts(admin, { status: "open" })).toEqual([]);
    expect(await monitoring.setAlertStatus(admin, alertId + 1_000, "resolved")).toBeUndefined();
    expect((await monitoring.stats(admin, { modelWindowHours: 3 })).modelWindowHours).toBe(3);
    expect(await monitoring.logs(admin, { limit: 5 })).toEqual([]);
  });
});
