import { z } from "zod";
import { Course, Outline } from "../course/index.ts";
import type { RouteDefinition, RouteSpec } from "./route.ts";
import {
  CourseListResponse,
  CreateCourseBody,
  CreatedUserResponse,
  CreateUserBody,
  ErrorResponse,
  JobResponse,
  MeResponse,
  SubmitResponse,
  UserListResponse,
  UserResponse,
} from "./schemas.ts";

type JsonSchema = Record<string, unknown>;

// Schemas written once under components.schemas and referenced from operations.
const componentNames = new Map<z.ZodType, string>([
  [CreateCourseBody, "CreateCourse"],
  [SubmitResponse, "SubmitResponse"],
  [JobResponse, "Job"],
  [Outline, "Outline"],
  [Course, "Course"],
  [CourseListResponse, "CourseList"],
  [CreateUserBody, "CreateUser"],
  [CreatedUserResponse, "CreatedUser"],
  [UserResponse, "User"],
  [UserListResponse, "UserList"],
  [MeResponse, "Me"],
  [ErrorResponse, "Error"],
]);

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io }) as JsonSchema;
  return rest;
}

/** `/v1/jobs/:id` → `/v1/jobs/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

function parameters(spec: RouteSpec): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [location, schema] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (schema === undefined) continue;
    const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      list.push({
        name,
        in: location,
        required: location === "path" || (object.required ?? []).includes(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  }
  for (const header of spec.headers ?? []) {
    list.push({
      name: header.name,
      in: "header",
      required: false,
      description: header.description,
      schema: { type: "string", ...(header.pattern === undefined ? {} : { pattern: header.pattern }) },
    });
  }
  return list;
}

/**
 * Builds the OpenAPI 3.1 document of `routes` from their zod schemas: paths without the base
 * path (which is the server URL), a bearer security scheme on every non-public operation, the
 * error shape on 401 and 500, named schemas under `components.schemas`.
 */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  options: { basePath: string; version: string },
): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = {};
  const reference = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
    const name = componentNames.get(schema);
    if (name === undefined) return jsonSchema(schema, io);
    schemas[name] ??= jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const errorContent = () => ({ "application/json": { schema: reference(ErrorResponse, "output") } });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      const content: Record<string, unknown> = {};
      const mainType = response.contentType ?? "application/json";
      content[mainType] = response.schema === undefined ? {} : { schema: reference(response.schema, "output") };
      for (const other of response.alsoContentTypes ?? []) content[other] = { schema: { type: "string" } };
      responses[status] = { description: response.description, content };
    }
    if (spec.access !== "public") {
      responses["401"] ??= { description: "Missing or invalid credentials.", content: errorContent() };
      if (spec.access === "admin") responses["403"] ??= { description: "Not an admin.", content: errorContent() };
    }
    responses["500"] ??= { description: "Internal error (generic message).", content: errorContent() };
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      tags: [spec.tag],
      security: spec.access === "public" ? [] : [{ bearerAuth: [] }],
      parameters: parameters(spec),
      ...(spec.body === undefined
        ? {}
        : {
            requestBody: { required: true, content: { "application/json": { schema: reference(spec.body, "input") } } },
          }),
      responses,
    };
    (paths[openApiPath(spec.path)] ??= {})[spec.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Courseforge API",
      version: options.version,
      description:
        "Generate courses with LLMs: submit a request, follow its progress, review the outline, read and export the course. See docs/api.md.",
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    servers: [{ url: options.basePath === "" ? "/" : options.basePath }],
    tags: [...new Set(routes.map((entry) => entry.spec.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token (`cf_…`, from `courseforge users create`) or, when Supabase sign-in is configured (SUPABASE_URL, or the legacy SUPABASE_JWT_SECRET), a Supabase Auth access token (docs/supabase.md).",
        },
      },
      schemas,
    },
  };
}
