// The typed client's types, generated from the OpenAPI document the API serves (`/v1/openapi.json`):
// `scripts/write-client-types.ts` writes them to src/client/openapi-types.ts, and
// test/client-types.test.ts fails when the committed file differs from what the routes make now.
import openapiTS, { astToString } from "openapi-typescript";
import { apiRoutes, buildOpenApiDocument } from "../src/http/index.ts";
import packageJson from "../package.json" with { type: "json" };

/** Where the generated types live. */
export const clientTypesFile = new URL("../src/client/openapi-types.ts", import.meta.url);

/** The source of src/client/openapi-types.ts for the routes as they are now. */
export async function clientTypesSource(): Promise<string> {
  const document = buildOpenApiDocument(apiRoutes, { basePath: "", version: packageJson.version });
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
    defaultNonNullable: false,
  });
  return [
    "// Generated from the API's OpenAPI document by scripts/write-client-types.ts: do not edit.",
    "// Regenerate with `npm run client:types` after changing a route or its schemas.",
    astToString(ast),
  ].join("\n");
}
