import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

const folder = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

/** Saves `docs/screenshots/<name>-desktop.png` (1280 px) and `<name>-375.png` (375 px wide), then restores the viewport. */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  // What a person sees on opening the page (not the full scroll height): desktop, then a 375 px phone.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(folder, `${name}-desktop.png`), animations: "disabled", caret: "hide" });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(folder, `${name}-375.png`), animations: "disabled", caret: "hide" });
  await page.setViewportSize(original);
}

/** True when the page is wider than its viewport (content overflowing sideways at 375 px). */
export async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
