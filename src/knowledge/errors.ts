import { CourseforgeError } from "../errors/index.ts";

/** The file's type is not one the knowledge base reads. */
export class UnsupportedDocumentTypeError extends CourseforgeError {
  constructor(message: string, options: { details?: Record<string, unknown>; suggestion?: string } = {}) {
    super("KNOWLEDGE_UNSUPPORTED_TYPE", message, { ...options, retryable: false });
  }
}

/**
 * The file has a supported type but no usable text: corrupt, encrypted, or a scan without a text
 * layer. The message says which; the document is kept as `failed` with it as the reason.
 */
export class UnreadableDocumentError extends CourseforgeError {
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; suggestion?: string } = {},
  ) {
    super("KNOWLEDGE_DOCUMENT_UNREADABLE", message, { ...options, retryable: false });
  }
}

/** A collection or document that does not exist for this user (or was deleted). */
export class KnowledgeNotFoundError extends CourseforgeError {
  constructor(message: string, options: { details?: Record<string, unknown> } = {}) {
    super("KNOWLEDGE_NOT_FOUND", message, { ...options, retryable: false });
  }
}

/** The user's knowledge-base storage quota (documents or bytes) would be exceeded. */
export class KnowledgeQuotaExceededError extends CourseforgeError {
  constructor(message: string, options: { details?: Record<string, unknown>; suggestion?: string } = {}) {
    super("KNOWLEDGE_QUOTA_EXCEEDED", message, { ...options, retryable: false });
  }
}

/** An uploaded file is larger than the configured cap. */
export class KnowledgeFileTooLargeError extends CourseforgeError {
  constructor(fileName: string, limitBytes: number) {
    super("KNOWLEDGE_FILE_TOO_LARGE", `"${fileName}" is larger than the upload limit of ${limitBytes} bytes.`, {
      details: { fileName, limitBytes },
      suggestion: "Split the document, or ask the operator to raise COURSEFORGE_KB_MAX_UPLOAD_BYTES.",
      retryable: false,
    });
  }
}
