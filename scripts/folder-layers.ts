// The folder-level architecture check: which folder of src/ imports which, no circle between
// folders, and every import pointing down the layer order (docs/design.md, "Layers"). File-level
// circles are eslint's (import-x/no-cycle); this is the same rule one level up, where a circle of
// type-only imports between two files of two folders already ties the folders together.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Which folders each folder imports: `graph.get("jobs")` holds `"store"`, `"course"`, … */
export type FolderGraph = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The layer of every folder of src/: a folder may import only folders of a strictly lower layer
 * (and its own files). Entry points and the composition root sit on top.
 */
export const folderLayers: Readonly<Record<string, number>> = {
  errors: 0,
  // Pure or outside-facing leaves: the course format, token counting, the database port.
  course: 1,
  tokens: 1,
  db: 1,
  redaction: 1,
  // The typed API client (generated types, openapi-fetch): imports nothing of the server.
  client: 1,
  // Users and credentials; the model call path; renderers of a finished course.
  users: 2,
  // The link file a running service leaves for the CLI, and the client that uses it.
  "service-link": 2,
  llm: 2,
  export: 2,
  // What the pipeline draws on: the simulator (a provider), the knowledge base, the quality checks.
  simulator: 3,
  knowledge: 3,
  quality: 3,
  // The pipeline; the config (which names providers, simulator faults and model limits).
  generation: 4,
  config: 4,
  // The SQL of jobs, steps, courses and calls.
  store: 5,
  // Course limits and observability read and write their own tables beside the store's.
  limits: 6,
  // Webhooks to the platform: endpoints, the delivery log and its sender (the outbox is a trigger).
  webhooks: 6,
  // The doctor reads the stored limits, so observability sits above them.
  observability: 7,
  // Jobs: the service, the queue, the workers.
  jobs: 8,
  // The API, mountable in any host.
  http: 9,
  // The composition root: the one place that wires every part.
  app: 10,
  // Entry points open what they need from app.
  cli: 11,
};

/** One file's relative imports, as TypeScript reads them (type-only imports and re-exports included). */
export function importsOf(sourceText: string): string[] {
  const { importedFiles } = ts.preProcessFile(sourceText, true, true);
  return importedFiles.map((file) => file.fileName).filter((name) => name.startsWith("."));
}

/**
 * Builds the folder graph of `sourceRoot` (src/): for each top-level folder, the other top-level
 * folders its files import. Unit tests (`*.test.ts`) are left out: they are not part of what runs.
 */
export function readFolderGraph(sourceRoot: string): FolderGraph {
  const graph = new Map<string, Set<string>>();
  for (const folder of readdirSync(sourceRoot, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const targets = new Set<string>();
    graph.set(folder.name, targets);
    const folderPath = path.join(sourceRoot, folder.name);
    for (const file of readdirSync(folderPath, { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
      const filePath = path.join(folderPath, file);
      for (const specifier of importsOf(readFileSync(filePath, "utf8"))) {
        const target = path.relative(sourceRoot, path.resolve(path.dirname(filePath), specifier));
        const [targetFolder] = target.split(path.sep);
        if (target.startsWith("..") || targetFolder === undefined || targetFolder === folder.name) continue;
        // A file at the top of src/ (none today) is no folder: it joins the graph under its name.
        targets.add(targetFolder.replace(/\.tsx?$/, ""));
      }
    }
  }
  return graph;
}

/** Every circle of the graph (its strongly connected components of more than one folder), each sorted. */
export function folderCycles(graph: FolderGraph): string[][] {
  // Tarjan's algorithm.
  const indexOf = new Map<string, number>();
  const lowOf = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (folder: string): void => {
    indexOf.set(folder, next);
    lowOf.set(folder, next);
    next += 1;
    stack.push(folder);
    onStack.add(folder);
    for (const target of graph.get(folder) ?? []) {
      if (!indexOf.has(target)) {
        visit(target);
        lowOf.set(folder, Math.min(lowOf.get(folder)!, lowOf.get(target)!));
      } else if (onStack.has(target)) {
        lowOf.set(folder, Math.min(lowOf.get(folder)!, indexOf.get(target)!));
      }
    }
    if (lowOf.get(folder) !== indexOf.get(folder)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
      if (member === folder) break;
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of [...graph.keys()].sort()) if (!indexOf.has(folder)) visit(folder);
  return cycles;
}

/** What the check found wrong, one sentence each, saying what to do. */
export function folderProblems(graph: FolderGraph, layers: Readonly<Record<string, number>> = folderLayers): string[] {
  const problems: string[] = [];
  for (const cycle of folderCycles(graph))
    problems.push(`Folders import each other in a circle: ${cycle.join(", ")}. Move what they share down a layer.`);
  for (const [folder, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    const layer = layers[folder];
    if (layer === undefined) {
      problems.push(
        `src/${folder} has no layer: add it to folderLayers in scripts/folder-layers.ts and to docs/design.md.`,
      );
      continue;
    }
    for (const target of [...targets].sort()) {
      const targetLayer = layers[target];
      if (targetLayer === undefined) continue; // reported once, as its own folder
      if (targetLayer >= layer)
        problems.push(
          `src/${folder} (layer ${layer}) imports src/${target} (layer ${targetLayer}): imports point down the layers only. Move the shared part down, or take it as a port the composition root (src/app) fills.`,
        );
    }
  }
  return problems;
}
