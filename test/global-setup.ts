import type { TestProject } from "vitest/node";
import { ensurePgliteTemplate, removeOldPgliteTemplates } from "./support/pglite-template.ts";

/**
 * Builds (or reuses) the migrated PGlite template that `createTestDatabase` copies, once per run,
 * so that a test database costs a folder copy (~1 s) instead of an initdb (5–15 s).
 */
export async function setup(project: TestProject): Promise<void> {
  const template = await ensurePgliteTemplate();
  await removeOldPgliteTemplates(template);
  project.provide("pgliteTemplateDir", template);
}
