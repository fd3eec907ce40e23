// Writes schemas/course.v1.json from the Course zod schema. Run from the repository root:
//   npx node scripts/write-course-schema.ts
// A unit test (src/course/json-schema.test.ts) fails when the committed file is stale.
import { writeFile } from "node:fs/promises";
import { courseJsonSchema } from "../src/course/index.ts";

const target = new URL("../schemas/course.v1.json", import.meta.url);
await writeFile(target, `${JSON.stringify(courseJsonSchema(), null, 2)}\n`, "utf8");
process.stdout.write(`Wrote ${target.pathname}\n`);
