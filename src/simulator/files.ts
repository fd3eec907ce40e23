/** `/v1/files`: upload (multipart, as the `openai` SDK sends it), retrieve, content, delete. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendJson } from "./http.ts";
import { randomId } from "./openai-shapes.ts";

/** File purposes OpenAI accepts. */
const purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"] as const;

/** A stored file: OpenAI's file object and its bytes. */
export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: string;
  readonly createdAt: number;
  readonly content: string;
}

/** Files held in memory by one simulator. */
export class FileStore {
  readonly #files = new Map<string, StoredFile>();

  /** Stores `content` as a new file. */
  add(filename: string, purpose: string, content: string, now: number): StoredFile {
    const file = { id: randomId("file-", 22), filename, purpose, createdAt: Math.floor(now / 1000), content };
    this.#files.set(file.id, file);
    return file;
  }

  /** @throws {HttpError} 404 when no file has this id */
  get(id: string): StoredFile {
    const file = this.#files.get(id);
    if (file === undefined) throw new HttpError(404, `No such File object: ${id}`, { param: "id" });
    return file;
  }

  delete(id: string): void {
    this.get(id);
    this.#files.delete(id);
  }
}

/** OpenAI's `file` object. */
export function fileObject(file: StoredFile) {
  return {
    id: file.id,
    object: "file" as const,
    bytes: Buffer.byteLength(file.content),
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: "processed" as const,
    expires_at: null,
    status_details: null,
  };
}

const maximumFileBytes = 200 * 1024 * 1024;

/**
 * Answers a `/v1/files` request; returns false when the path is not one of its routes.
 * @throws {HttpError} 400 for a missing file or purpose, 404 for an unknown id
 */
export async function handleFiles(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  path: string,
  files: FileStore,
  now: number,
): Promise<boolean> {
  if (method === "POST" && path === "/v1/files") {
    const form = await readForm(request);
    const purpose = form.get("purpose");
    if (typeof purpose !== "string" || !(purposes as readonly string[]).includes(purpose))
      throw new HttpError(400, `Invalid value for 'purpose': use one of ${purposes.join(", ")}.`, {
        param: "purpose",
        code: purpose === null ? "missing_required_parameter" : "invalid_value",
      });
    const upload = form.get("file");
    if (upload === null || typeof upload === "string")
      throw new HttpError(400, "Missing required parameter: 'file' (send it as a multipart file part).", {
        param: "file",
        code: "missing_required_parameter",
      });
    const stored = files.add(upload.name || "upload", purpose, await upload.text(), now);
    sendJson(response, 200, fileObject(stored));
    return true;
  }
  const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path)?.[1];
  if (method === "GET" && content !== undefined) {
    const file = files.get(decodeURIComponent(content));
    if (!response.headersSent) {
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": Buffer.byteLength(file.content),
      });
      response.end(file.content);
    }
    return true;
  }
  const id = /^\/v1\/files\/([^/]+)$/.exec(path)?.[1];
  if (id !== undefined && method === "GET") {
    sendJson(response, 200, fileObject(files.get(decodeURIComponent(id))));
    return true;
  }
  if (id !== undefined && method === "DELETE") {
    files.delete(decodeURIComponent(id));
    sendJson(response, 200, { id: decodeURIComponent(id), object: "file", deleted: true });
    return true;
  }
  return false;
}

async function readForm(request: IncomingMessage): Promise<FormData> {
  const type = request.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data"))
    throw new HttpError(400, "Uploads must be sent as multipart/form-data with a 'file' and a 'purpose'.", {
      code: "invalid_request_body",
    });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maximumFileBytes)
      throw new HttpError(413, `Files may be at most ${maximumFileBytes} bytes.`, { code: "file_too_large" });
    chunks.push(chunk as Buffer);
  }
  try {
    return await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData();
  } catch (error) {
    throw new HttpError(400, `The multipart body could not be read: ${error instanceof Error ? error.message : ""}`, {
      code: "invalid_request_body",
    });
  }
}
