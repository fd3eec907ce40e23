/** One server-sent event as a client sees it. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/** What a client read from an event stream. */
export interface SseRead {
  readonly events: SseEvent[];
  readonly comments: string[];
  readonly retry: number | undefined;
  /** True when the server ended the stream; false when the reader stopped (disconnected). */
  readonly ended: boolean;
}

/**
 * Reads a `text/event-stream` response the way EventSource does (fields `id`, `event`, `data`,
 * `retry`; `:` comments), until the server ends it or `stopAfter` returns true for an event, in
 * which case the connection is dropped at once, as a client that goes away does.
 */
export async function readSse(
  response: Response,
  options: {
    stopAfter?: (event: SseEvent, read: readonly SseEvent[]) => boolean;
    stopAfterComment?: (comment: string) => boolean;
  } = {},
): Promise<SseRead> {
  if (response.body === null) throw new Error("no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { events, comments, retry, ended: true };
    buffer += value.replace(/\r\n?/g, "\n");
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let id: string | undefined;
      let event = "message";
      const data: string[] = [];
      let hasField = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) {
          comments.push(line.slice(1).trim());
          if (options.stopAfterComment?.(line.slice(1).trim()) === true) {
            await reader.cancel();
            return { events, comments, retry, ended: false };
          }
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const fieldValue = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") id = fieldValue;
        else if (field === "event") event = fieldValue;
        else if (field === "data") data.push(fieldValue);
        else if (field === "retry") retry = Number(fieldValue);
        if (field === "data") hasField = true;
      }
      if (!hasField) continue;
      const parsed = { id, event, data: data.join("\n") };
      events.push(parsed);
      if (options.stopAfter?.(parsed, events) === true) {
        await reader.cancel();
        return { events, comments, retry, ended: false };
      }
    }
  }
}
