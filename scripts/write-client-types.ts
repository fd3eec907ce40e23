// Writes src/client/openapi-types.ts from the API's routes. Run from the repository root:
//   npm run client:types
import { writeFile } from "node:fs/promises";
import { clientTypesFile, clientTypesSource } from "./client-types.ts";

await writeFile(clientTypesFile, await clientTypesSource(), "utf8");
process.stdout.write(`Wrote ${clientTypesFile.pathname}\n`);
