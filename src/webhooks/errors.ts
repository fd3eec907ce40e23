import { CourseforgeError } from "../errors/index.ts";

/** No webhook endpoint or delivery with this id that the caller may see (another user's is the same 404). */
export class WebhookNotFoundError extends CourseforgeError {
  static readonly code = "WEBHOOK_NOT_FOUND";
  constructor(kind: "endpoint" | "delivery", id: string) {
    super("WEBHOOK_NOT_FOUND", `No webhook ${kind} ${id}.`, {
      details: { [kind === "endpoint" ? "endpointId" : "deliveryId"]: id },
      suggestion:
        kind === "endpoint"
          ? "List your endpoints with GET /v1/webhooks."
          : "List deliveries with GET /v1/webhooks/deliveries.",
    });
  }
}

/** The endpoint URL is not one Courseforge will post to (scheme, credentials, or a private address). */
export class WebhookUrlRejectedError extends CourseforgeError {
  static readonly code = "WEBHOOK_URL_REJECTED";
  constructor(message: string, suggestion: string) {
    super("WEBHOOK_URL_REJECTED", message, { details: { field: "url" }, suggestion });
  }
}
