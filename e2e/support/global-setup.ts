import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Builds the web UI (web/dist) so the server the tests start serves the current code. */
export default function globalSetup(): void {
  const vite = path.join(repositoryRoot, "node_modules", "vite", "bin", "vite.js");
  const node = path.join(repositoryRoot, "node_modules", ".bin", "node");
  const result = spawnSync(node, [vite, "build", "web", "--logLevel", "warn"], {
    cwd: repositoryRoot,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal}).`);
}
