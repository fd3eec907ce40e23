import type { Context } from "hono";
import type { z } from "zod";
import type { Caller } from "../users/index.ts";
import type { AppDependencies } from "./dependencies.ts";

/** Hono environment of the app: the authenticated caller is set by the auth step. */
export interface AppEnv {
  Variables: { caller: Caller };
}

/** A documented response of a route. */
export interface ResponseSpec {
  readonly description: string;
  /** JSON body schema (omit for non-JSON bodies). */
  readonly schema?: z.ZodType;
  /** Content type when not JSON (`text/event-stream`, `text/markdown`). */
  readonly contentType?: string;
  /** Other content types the same status may have (a plain text body each). */
  readonly alsoContentTypes?: readonly string[];
}

/** Who may call a route. */
export type Access = "public" | "user" | "admin";

/** Everything about a route except its handler: used to validate requests and to write the OpenAPI document. */
export interface RouteSpec {
  readonly method: "get" | "post" | "put" | "delete";
  /** Hono path syntax, without the app's base path: `/v1/jobs/:id`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Request headers the route reads, for the document. */
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly description: string; readonly pattern?: string }>;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

type OutputOf<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** What a handler receives: validated inputs and the app's dependencies. */
export interface HandlerInput<Params, Query, Body, TheCaller> {
  readonly context: Context<AppEnv>;
  readonly caller: TheCaller;
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  readonly dependencies: AppDependencies;
}

/** A route: its spec and a handler that takes already validated input. */
export interface RouteDefinition {
  readonly spec: RouteSpec;
  readonly handle: (input: HandlerInput<unknown, unknown, unknown, Caller | undefined>) => Response | Promise<Response>;
}

/** Defines an authenticated route (`access` "user" or "admin"). */
export function route<
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec & {
    readonly access: "user" | "admin";
    readonly params?: Params;
    readonly query?: Query;
    readonly body?: Body;
  },
  handle: (
    input: HandlerInput<OutputOf<Params>, OutputOf<Query>, OutputOf<Body>, Caller>,
  ) => Response | Promise<Response>,
): RouteDefinition {
  return { spec, handle: handle as RouteDefinition["handle"] };
}

/** Defines a route that needs no credentials. */
export function publicRoute<Query extends z.ZodType | undefined = undefined>(
  spec: RouteSpec & { readonly access: "public"; readonly query?: Query },
  handle: (input: HandlerInput<undefined, OutputOf<Query>, undefined, undefined>) => Response | Promise<Response>,
): RouteDefinition {
  return { spec, handle: handle as RouteDefinition["handle"] };
}
