/** What replaces a secret in text. */
export const redactedMarker = "[REDACTED]";

// Configured secrets shorter than this are not searched for: a placeholder key such as "ollama"
// would otherwise blank out every mention of the provider's name.
const minimumSecretLength = 8;

// Credentials recognisable by their shape, whoever configured them: OpenAI/Anthropic-style keys
// (`sk-…`, `sk-proj-…`, `sk-ant-…`), Courseforge API tokens (`cf_…`), JWTs, and whatever follows
// `Bearer` (an echoed Authorization header).
const keyShapes: ReadonlyArray<{ readonly pattern: RegExp; readonly replacement: string }> = [
  { pattern: /\b(Bearer)(\s+)[A-Za-z0-9._~+/-]{6,}=*/gi, replacement: `$1$2${redactedMarker}` },
  { pattern: /\bsk-[A-Za-z0-9_-]{8,}/g, replacement: redactedMarker },
  { pattern: /\bcf_[A-Za-z0-9_-]{16,}/g, replacement: redactedMarker },
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replacement: redactedMarker },
];

/** Replaces secrets in a text; see {@link createRedactor}. */
export type Redact = (text: string) => string;

/**
 * Makes a function that removes from a text every configured secret (as written and as it appears
 * inside a JSON string) and anything shaped like a credential: a bearer token, an `sk-…` key, a
 * Courseforge `cf_…` token or a JWT. Provider messages are redacted with it before they are
 * stored, logged or sent anywhere (docs/observability.md).
 */
export function createRedactor(secrets: Iterable<string | undefined> = []): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < minimumSecretLength) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is removed whole.
  const ordered = [...forms].sort((left, right) => right.length - left.length);
  return (text) => {
    let result = text;
    for (const form of ordered) if (result.includes(form)) result = result.split(form).join(redactedMarker);
    for (const { pattern, replacement } of keyShapes) result = result.replace(pattern, replacement);
    return result;
  };
}

/** Removes credential-shaped text only (no configured secrets known here). */
export const redactKeyShapes: Redact = createRedactor();

/**
 * A copy of `error` safe to keep as a cause or to log: same name, message and stack with secrets
 * removed, and the HTTP `status` when it had one; nothing else of the original (an SDK error also
 * holds the provider's whole answer and its headers).
 */
export function redactedError(error: unknown, redact: Redact): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redact(error.stack);
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number") Object.assign(copy, { status });
  return copy;
}
