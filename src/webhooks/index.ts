export { webhookEventTypes, type WebhookEventType, type WebhookPayload } from "./event-types.ts";
export { WebhookNotFoundError, WebhookUrlRejectedError } from "./errors.ts";
export { checkWebhookUrl, checkResolvedAddress, type UrlPolicy } from "./url-policy.ts";
export {
  maxEndpointsPerUser,
  WebhookForbiddenError,
  type RegisteredWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEndpointInput,
} from "./endpoints.ts";
export { webhookChannel, type DeliveryFilter, type WebhookDelivery, type WebhookDeliveryStatus } from "./deliveries.ts";
export {
  startWebhookDispatcher,
  type DeliveryAttempt,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from "./dispatcher.ts";
export { createWebhooks, type Webhooks } from "./service.ts";
