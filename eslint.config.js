// Lint for what the type checker does not catch: import cycles (DESIGN.md: dependencies point one
// way) and a few correctness rules. Formatting is not linted.
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "courses/**",
      ".courseforge/**",
      "web/dist/**",
      "test/fixtures/nextjs-app/.next/**",
      "coverage/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommended],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [importX.createNodeResolver({ extensions: [".ts", ".tsx", ".js"] })] },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Only entry points read process.env; pass the config object down (DESIGN.md).",
        },
      ],
    },
  },
  {
    files: [
      "src/cli/main.ts",
      "bench/**/*.ts",
      "test/**/*.ts",
      "**/*.test.ts",
      "vitest.config.ts",
      "e2e/**/*.ts",
      "playwright.config.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
