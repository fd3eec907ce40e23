/**
 * How the CLI reaches a running service that holds the embedded database: the service writes a
 * link file (URL, PID, a local admin credential; mode 0600) in its data folder, removed on a clean
 * stop; the CLI reads it when the folder is locked and sends the command to the API instead.
 */
export {
  readServiceLink,
  serviceLinkFileName,
  serviceLinkPath,
  writeServiceLink,
  type ServiceLink,
  type StaleReason,
} from "./link-file.ts";
export { createServiceClient, ServiceRequestError, type ServiceClient } from "./client.ts";
