import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  folderCycles,
  folderProblems,
  importsOf,
  readFolderGraph,
  type FolderGraph,
} from "../scripts/folder-layers.ts";

const graphOf = (edges: Record<string, string[]>): FolderGraph =>
  new Map(Object.entries(edges).map(([folder, targets]) => [folder, new Set(targets)]));

const fixtureRoots: string[] = [];
afterAll(() => {
  for (const root of fixtureRoots) rmSync(root, { recursive: true, force: true });
});

// A small src/ tree on disk: file path → content.
function fixtureTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "folder-layers-"));
  fixtureRoots.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe("folder layers", () => {
  it("finds a planted circle, however long, and no circle in a graph that points one way", () => {
    expect(folderCycles(graphOf({ course: [], llm: ["course"], jobs: ["llm", "course"] }))).toEqual([]);
    expect(folderCycles(graphOf({ limits: ["store"], store: ["limits"], course: [] }))).toEqual([["limits", "store"]]);
    expect(
      folderCycles(graphOf({ jobs: ["store"], store: ["generation"], generation: ["jobs"], course: ["errors"] })),
    ).toEqual([["generation", "jobs", "store"]]);
  });

  it("reports a circle and an import against the layer order, and a folder with no layer", () => {
    const problems = folderProblems(graphOf({ course: ["jobs"], jobs: ["course"], llm: [], mystery: ["llm"] }), {
      course: 1,
      llm: 2,
      jobs: 7,
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/circle: course, jobs/);
    expect(problems[1]).toMatch(/src\/course \(layer 1\) imports src\/jobs \(layer 7\)/);
    expect(problems[2]).toMatch(/src\/mystery has no layer/);
    expect(
      folderProblems(graphOf({ course: [], llm: ["course"], jobs: ["llm"] }), { course: 1, llm: 2, jobs: 7 }),
    ).toEqual([]);
  });

  it("reads type-only imports and re-exports, and leaves unit tests and outside paths out", () => {
    expect(
      importsOf(`import type { A } from "../a/index.ts";\nexport { B } from "./b.ts";\nimport x from "zod";`),
    ).toEqual(["../a/index.ts", "./b.ts"]);
    const root = fixtureTree({
      "limits/course-admission.ts": `import type { Lease } from "../store/lease.ts";\nexport const a = 1;`,
      "store/lease.ts": `import { hourMs } from "../limits/course-admission.ts";\nexport type Lease = number;`,
      "course/format.ts": `import { helper } from "../../test/support/helper.ts";\nexport const b = 2;`,
      "course/format.test.ts": `import { run } from "../jobs/run.ts";`,
      "jobs/run.ts": `import { b } from "../course/format.ts";\nexport const run = b;`,
    });
    const graph = readFolderGraph(root);
    expect(graph).toEqual(graphOf({ course: [], jobs: ["course"], limits: ["store"], store: ["limits"] }));
    expect(folderProblems(graph).join("\n")).toMatch(/circle: limits, store/);
  });

  it("passes on this repository's src/", () => {
    const source = fileURLToPath(new URL("../src/", import.meta.url));
    expect(folderProblems(readFolderGraph(source))).toEqual([]);
  });
});
