import { defineConfig } from "vitest/config";

// The Next.js build test (test/nextjs-build.test.ts): `next build` takes minutes, so it runs on its
// own (`npm run test:nextjs`), not in every `npm test`.
export default defineConfig({
  test: {
    include: ["test/nextjs-build.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
  },
});
