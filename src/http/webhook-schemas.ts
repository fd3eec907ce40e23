import { z } from "zod";
import { webhookEventTypes } from "../webhooks/index.ts";

// Bodies of the webhook routes (docs/webhooks.md): strict requests, the OpenAPI document built
// from these same schemas.

const endpointId = z
  .string()
  .regex(/^whe_[a-f0-9]{1,64}$/, { error: 'must be an endpoint id like "whe_3f9c0d2b8e1a47c6b5d4"' });
const deliveryId = z
  .string()
  .regex(/^msg_[a-f0-9]{1,64}$/, { error: 'must be a delivery id like "msg_3f9c0d2b8e1a47c6b5d4"' });
const eventType = z.enum(webhookEventTypes, { error: `must be one of ${webhookEventTypes.join(", ")}` });
const isoDateTime = z.iso.datetime();

export const WebhookEndpointParams = z.strictObject({ id: endpointId });
export const WebhookDeliveryParams = z.strictObject({ id: deliveryId });

export const CreateWebhookBody = z.strictObject({
  url: z
    .string({ error: "url must be the https URL to POST events to" })
    .max(2_000, { error: "url must be at most 2000 characters" })
    .describe("Where events are POSTed (https; private addresses only where the operator allows them)."),
  eventTypes: z
    .array(eventType)
    .min(1, { error: "eventTypes must name at least one event type (or be left out for all)" })
    .optional()
    .describe(`Which events to send; default all: ${webhookEventTypes.join(", ")}.`),
  description: z.string().max(200, { error: "description must be at most 200 characters" }).optional(),
  global: z
    .boolean({ error: "global must be true or false" })
    .optional()
    .describe("Admins only: an endpoint told of every user's jobs."),
});

export const WebhookEndpointResponse = z.object({
  id: z.string(),
  userId: z.string().nullable().describe("The owner; null for a global endpoint."),
  url: z.string(),
  eventTypes: z.array(eventType),
  description: z.string(),
  createdAt: isoDateTime,
});

export const RegisteredWebhookResponse = WebhookEndpointResponse.extend({
  secret: z.string().describe("`whsec_…`: verify `webhook-signature` with it. Shown this once, never again."),
});

export const WebhookEndpointsResponse = z.object({ endpoints: z.array(WebhookEndpointResponse) });

export const WebhookDeliveryResponse = z.object({
  id: z.string().describe("The message id (`webhook-id`), the same on every attempt."),
  endpointId: z.string(),
  eventType: eventType,
  jobId: z.string(),
  payload: z.object({ type: eventType, timestamp: z.string(), data: z.record(z.string(), z.string()) }),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.int(),
  nextAttemptAt: isoDateTime.nullable(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  deliveredAt: isoDateTime.nullable(),
});

export const WebhookDeliveriesResponse = z.object({ deliveries: z.array(WebhookDeliveryResponse) });

export const WebhookDeliveriesQuery = z.strictObject({
  endpoint: endpointId.optional().describe("Only this endpoint's deliveries."),
  status: z
    .enum(["pending", "delivered", "failed"], { error: "status must be pending, delivered or failed" })
    .optional(),
  limit: z
    .string()
    .regex(/^\d+$/, { error: "limit must be a whole number from 1 to 200" })
    .transform(Number)
    .pipe(z.int().min(1, { error: "limit must be at least 1" }).max(200, { error: "limit must be at most 200" }))
    .optional()
    .describe("Newest first, at most this many (default 50)."),
});
