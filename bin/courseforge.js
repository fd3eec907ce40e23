#!/usr/bin/env node
// The `courseforge` command. Its source is TypeScript run by Node's type stripping (Node >= 22.18), so
// this file checks the version first, in JavaScript any old Node can parse, and says what to do.
var version = process.versions.node.split(".").map(Number);
// Type stripping is on by default from Node 22.18 and 23.6.
var supported = version[0] >= 24 || (version[0] === 23 && version[1] >= 6) || (version[0] === 22 && version[1] >= 18);

if (!supported) {
  process.stderr.write(
    "error: courseforge needs Node 22.18 or newer to run its TypeScript source; this is Node " +
      process.versions.node +
      ".\n" +
      "Run it with `npx courseforge ...` from the project folder (npm then uses the Node 24 installed with it),\n" +
      "or install Node 22.18+ (e.g. Node 24) and run `node bin/courseforge.js ...` again.\n",
  );
  process.exitCode = 2;
} else {
  // The compile cache is on before the first TypeScript file loads, so a warm `--help` skips type
  // stripping for main.ts too (bench cli-startup: about 1.7x a bare `node -e ''` instead of 3x).
  import("node:module")
    .then(function (nodeModule) {
      if (typeof nodeModule.enableCompileCache === "function") nodeModule.enableCompileCache();
      return import("../src/cli/main.ts");
    })
    .catch(function (error) {
      process.stderr.write("error: " + (error && error.stack ? error.stack : String(error)) + "\n");
      process.exitCode = 1;
    });
}
