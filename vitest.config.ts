import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts", "web/src/**/*.test.ts"],
    // `next build` takes minutes: `npm run test:nextjs` (vitest.nextjs.config.ts).
    exclude: [...configDefaults.exclude, "test/nextjs-build.test.ts", "test/fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
  },
});
