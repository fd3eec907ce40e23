import type { z } from "zod";
import type { WebhookDelivery, WebhookEndpoint } from "../../webhooks/index.ts";
import { isoDate } from "../present.ts";
import { route, type RouteDefinition } from "../route.ts";
import { ErrorResponse } from "../schemas.ts";
import type { WebhookEndpointResponse } from "../webhook-schemas.ts";
import {
  CreateWebhookBody,
  RegisteredWebhookResponse,
  WebhookDeliveriesQuery,
  WebhookDeliveriesResponse,
  WebhookDeliveryParams,
  WebhookDeliveryResponse,
  WebhookEndpointParams,
  WebhookEndpointsResponse,
} from "../webhook-schemas.ts";

// Webhooks to the platform (docs/webhooks.md): each user registers their own endpoints; an admin
// sees every one and may register global ones. Another user's endpoint or delivery is 404.

const invalid = { description: "A bad or unknown field; `details.field` names it.", schema: ErrorResponse };
const notFound = { description: "No such endpoint or delivery that you may see.", schema: ErrorResponse };

function presentEndpoint(endpoint: WebhookEndpoint): z.output<typeof WebhookEndpointResponse> {
  return { ...endpoint, eventTypes: [...endpoint.eventTypes], createdAt: isoDate(endpoint.createdAt) };
}

function presentDelivery(delivery: WebhookDelivery): z.output<typeof WebhookDeliveryResponse> {
  return {
    ...delivery,
    payload: delivery.payload as z.output<typeof WebhookDeliveryResponse>["payload"],
    nextAttemptAt: delivery.nextAttemptAt === null ? null : isoDate(delivery.nextAttemptAt),
    createdAt: isoDate(delivery.createdAt),
    deliveredAt: delivery.deliveredAt === null ? null : isoDate(delivery.deliveredAt),
  };
}

/** The webhook endpoint and delivery routes. */
export const webhookRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "post",
      path: "/v1/webhooks",
      operationId: "createWebhook",
      summary: "Register an endpoint for course.succeeded, course.failed and job.awaiting_approval",
      tag: "webhooks",
      access: "user",
      body: CreateWebhookBody,
      responses: {
        201: {
          description: "Registered; the signing secret is in this answer only.",
          schema: RegisteredWebhookResponse,
        },
        400: invalid,
        403: { description: "`global` asked for by someone who is not an admin.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, body, dependencies }) => {
      const endpoint = await dependencies.webhooks.register(caller, body, context.req.raw.signal);
      return context.json({ ...presentEndpoint(endpoint), secret: endpoint.secret }, 201);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/webhooks",
      operationId: "listWebhooks",
      summary: "Your endpoints (an admin: every endpoint), without their secrets",
      tag: "webhooks",
      access: "user",
      responses: { 200: { description: "The endpoints, oldest first.", schema: WebhookEndpointsResponse } },
    },
    async ({ context, caller, dependencies }) => {
      const endpoints = await dependencies.webhooks.list(caller, context.req.raw.signal);
      return context.json({ endpoints: endpoints.map(presentEndpoint) }, 200);
    },
  ),
  route(
    {
      method: "delete",
      path: "/v1/webhooks/:id",
      operationId: "deleteWebhook",
      summary: "Delete an endpoint with its delivery log",
      tag: "webhooks",
      access: "user",
      params: WebhookEndpointParams,
      responses: { 204: { description: "Deleted." }, 400: invalid, 404: notFound },
    },
    async ({ context, caller, params, dependencies }) => {
      await dependencies.webhooks.remove(caller, params.id, context.req.raw.signal);
      return context.body(null, 204);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/webhooks/deliveries",
      operationId: "listWebhookDeliveries",
      summary: "The delivery log: status, attempts and last error of each message",
      tag: "webhooks",
      access: "user",
      query: WebhookDeliveriesQuery,
      responses: {
        200: { description: "Newest first.", schema: WebhookDeliveriesResponse },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, query, dependencies }) => {
      const deliveries = await dependencies.webhooks.deliveries(
        caller,
        { endpointId: query.endpoint, status: query.status, limit: query.limit ?? 50 },
        context.req.raw.signal,
      );
      return context.json({ deliveries: deliveries.map(presentDelivery) }, 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/webhooks/deliveries/:id/replay",
      operationId: "replayWebhookDelivery",
      summary: "Send a message again (same id and body), whatever became of it",
      tag: "webhooks",
      access: "user",
      params: WebhookDeliveryParams,
      responses: {
        202: { description: "Queued: it is sent at once.", schema: WebhookDeliveryResponse },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const delivery = await dependencies.webhooks.replay(caller, params.id, context.req.raw.signal);
      return context.json(presentDelivery(delivery), 202);
    },
  ),
];
