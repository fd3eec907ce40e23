export { createRedactor, redactedError, redactedMarker, redactKeyShapes, type Redact } from "./redact.ts";
