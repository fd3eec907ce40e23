import { useId } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/client.ts";
import type { KnowledgeCollection, KnowledgeDocument } from "../api/types.ts";
import { ResourceView, useApiResource } from "../ui/index.tsx";

/** The collections and documents a course is grounded on (ids), as `knowledge` of `POST /v1/courses`. */
export interface KnowledgeChoice {
  readonly collections: readonly string[];
  readonly documents: readonly string[];
}

/** Nothing picked: the course is not grounded. */
export const noKnowledge: KnowledgeChoice = { collections: [], documents: [] };

/** The `knowledge` field of a course request, or `undefined` when nothing is picked (an ungrounded course). */
export function knowledgeRequest(choice: KnowledgeChoice): { collections: string[]; documents: string[] } | undefined {
  return choice.collections.length + choice.documents.length === 0
    ? undefined
    : { collections: [...choice.collections], documents: [...choice.documents] };
}

function toggled(list: readonly string[], id: string, on: boolean): string[] {
  return on ? [...list.filter((entry) => entry !== id), id] : list.filter((entry) => entry !== id);
}

/**
 * "Ground the course on your documents": a checkbox per collection with a ready document and per
 * ready document. The API checks the choice again (a document deleted meanwhile is a field error).
 */
export function KnowledgePicker({
  value,
  onChange,
  error,
}: {
  value: KnowledgeChoice;
  onChange(choice: KnowledgeChoice): void;
  error: string | undefined;
}) {
  const prefix = useId();
  const { resource, reload } = useApiResource("knowledge-picker", async (api, signal) => {
    try {
      const [collections, documents] = await Promise.all([
        api.get<{ collections: KnowledgeCollection[] }>("/v1/knowledge/collections", { signal }),
        api.get<{ documents: KnowledgeDocument[] }>("/v1/knowledge/documents", { signal }),
      ]);
      return { collections: collections.collections, documents: documents.documents };
    } catch (error) {
      // A server without the knowledge base answers 404: the form is then the plain one.
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  });
  if (resource.kind === "ready" && resource.data === undefined) return null;
  return (
    <fieldset
      className={`field knowledge-picker${error === undefined ? "" : " has-error"}`}
      aria-describedby={`${prefix}-hint${error === undefined ? "" : ` ${prefix}-error`}`}
    >
      <legend>Ground it on your documents</legend>
      <p className="hint" id={`${prefix}-hint`}>
        Optional. Lessons are then written from the passages of these documents, and each section cites its sources.
      </p>
      <ResourceView resource={resource} reload={reload} label="Loading your documents…">
        {(data) => {
          if (data === undefined) return null;
          const { collections, documents } = data;
          const ready = documents.filter((document) => document.status === "ready");
          const readyIn = new Set(ready.map((document) => document.collectionId));
          const usable = collections.filter((collection) => readyIn.has(collection.id));
          const names = new Map(collections.map((collection) => [collection.id, collection.name]));
          if (ready.length === 0)
            return (
              <p className="muted">
                No ready document yet. <Link to="/documents">Upload documents</Link> to ground a course on them.
              </p>
            );
          return (
            <>
              <p className="eyebrow" id={`${prefix}-collections`}>
                Collections
              </p>
              <ul className="choice-list" aria-labelledby={`${prefix}-collections`}>
                {usable.map((collection) => (
                  <li key={collection.id}>
                    <input
                      type="checkbox"
                      id={`${prefix}-${collection.id}`}
                      checked={value.collections.includes(collection.id)}
                      onChange={(event) =>
                        onChange({
                          ...value,
                          collections: toggled(value.collections, collection.id, event.target.checked),
                        })
                      }
                    />
                    <label htmlFor={`${prefix}-${collection.id}`}>
                      {collection.name}
                      {collection.own ? "" : " (shared)"}
                    </label>{" "}
                    <span className="muted">
                      {collection.documentCount} {collection.documentCount === 1 ? "document" : "documents"}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="eyebrow" id={`${prefix}-documents`}>
                Or single documents
              </p>
              <ul className="choice-list" aria-labelledby={`${prefix}-documents`}>
                {ready.map((document) => (
                  <li key={document.id}>
                    <input
                      type="checkbox"
                      id={`${prefix}-${document.id}`}
                      checked={value.documents.includes(document.id)}
                      onChange={(event) =>
                        onChange({
                          ...value,
                          documents: toggled(value.documents, document.id, event.target.checked),
                        })
                      }
                    />
                    <label htmlFor={`${prefix}-${document.id}`}>{document.title}</label>{" "}
                    <span className="muted">
                      {document.fileName} · {names.get(document.collectionId) ?? document.collectionId}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </ResourceView>
      {error !== undefined && (
        <p className="field-error" id={`${prefix}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
