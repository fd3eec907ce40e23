import type { Database } from "../db/index.ts";
import type { Caller } from "../users/index.ts";
import { listDeliveries, replayDelivery, type DeliveryFilter, type WebhookDelivery } from "./deliveries.ts";
import {
  deleteEndpoint,
  listEndpoints,
  registerEndpoint,
  type RegisteredWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEndpointInput,
} from "./endpoints.ts";
import type { UrlPolicy } from "./url-policy.ts";

/**
 * Webhook endpoints and their delivery log, as the API offers them (docs/webhooks.md). A user
 * sees and manages their own endpoints; an admin sees every one and may register global ones.
 */
export interface Webhooks {
  register(caller: Caller, input: WebhookEndpointInput, signal?: AbortSignal): Promise<RegisteredWebhookEndpoint>;
  list(caller: Caller, signal?: AbortSignal): Promise<WebhookEndpoint[]>;
  remove(caller: Caller, endpointId: string, signal?: AbortSignal): Promise<void>;
  deliveries(caller: Caller, filter: DeliveryFilter, signal?: AbortSignal): Promise<WebhookDelivery[]>;
  replay(caller: Caller, deliveryId: string, signal?: AbortSignal): Promise<WebhookDelivery>;
}

/** The {@link Webhooks} service on a database. */
export function createWebhooks(database: Database, policy: UrlPolicy): Webhooks {
  return {
    register: (caller, input, signal) => registerEndpoint(database, caller, input, policy, signal),
    list: (caller, signal) => listEndpoints(database, caller, signal),
    remove: (caller, endpointId, signal) => deleteEndpoint(database, caller, endpointId, signal),
    deliveries: (caller, filter, signal) => listDeliveries(database, caller, filter, signal),
    replay: (caller, deliveryId, signal) => replayDelivery(database, caller, deliveryId, signal),
  };
}
