// `npm run lint` runs this after eslint: fails when src/'s folders import in a circle or against the layer order.
import { fileURLToPath } from "node:url";
import { folderProblems, readFolderGraph } from "./folder-layers.ts";

const problems = folderProblems(readFolderGraph(fileURLToPath(new URL("../src/", import.meta.url))));
for (const problem of problems) process.stderr.write(`folder layers: ${problem}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
