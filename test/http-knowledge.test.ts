// The knowledge-base routes end to end: multipart uploads ingested by the durable queue's worker,
// bad input, quotas, isolation between users (every route × a foreign user → 404) and sharing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPdf } from "./support/pdf.ts";
import { expectError } from "./support/http-helpers.ts";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";

const photosynthesis = `# Photosynthesis\n\nPlants capture sunlight with chlorophyll. The Calvin cycle fixes carbon dioxide into sugar using RuBisCO.\n`;

function form(files: { name: string; content: Uint8Array | string; type?: string }[], collection?: string): FormData {
  const body = new FormData();
  if (collection !== undefined) body.append("collection", collection);
  for (const file of files) body.append("file", new Blob([file.content], { type: file.type ?? "" }), file.name);
  return body;
}

interface DocumentBody {
  id: string;
  status: string;
  failureReason: string | null;
  duplicate?: boolean;
  collectionId: string;
  chunkCount: number;
  progress: { phase: string | null; done: number; total: number };
}

describe("knowledge routes", () => {
  let service: TestService;
  let alice: TestUser;
  let bob: TestUser;

  const upload = (as: TestUser, body: FormData) =>
    service.call("/v1/knowledge/documents", { method: "POST", body, as });
  const waitUntilIngested = async (as: TestUser, id: string): Promise<DocumentBody> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const document = (await (await service.call(`/v1/knowledge/documents/${id}`, { as })).json()) as DocumentBody;
      if (document.status !== "pending") return document;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`document ${id} still pending`);
  };

  beforeAll(async () => {
    service = await startTestService({
      knowledge: true,
      environment: {
        COURSEFORGE_KB_MAX_UPLOAD_BYTES: "20000",
        COURSEFORGE_KB_MAX_DOCUMENTS: "4",
        COURSEFORGE_EMBEDDING_DIMENSIONS: "128",
      },
    });
    ({ alice, bob } = service.users);
  });
  afterAll(async () => service?.cleanup());

  it("uploads, ingests through the queue, lists, searches and deletes", async () => {
    const response = await upload(alice, form([{ name: "photosynthesis.md", content: photosynthesis }], "biology"));
    expect(response.status).toBe(202);
    const body = (await response.json()) as { collection: { name: string }; documents: DocumentBody[] };
    expect(body.collection.name).toBe("biology");
    const ready = await waitUntilIngested(alice, body.documents[0]!.id);
    expect(ready).toMatchObject({ status: "ready", failureReason: null, progress: { phase: null } });
    expect(ready.chunkCount).toBeGreaterThan(0);

    const again = (await (
      await upload(alice, form([{ name: "copy.md", content: photosynthesis }], "biology"))
    ).json()) as {
      documents: DocumentBody[];
    };
    expect(again.documents[0]).toMatchObject({ id: ready.id, duplicate: true });

    const search = await service.call(
      `/v1/knowledge/search?q=${encodeURIComponent("enzyme that fixes carbon")}&collection=biology`,
      { as: alice },
    );
    const results = ((await search.json()) as { results: { documentId: string; text: string }[] }).results;
    expect(results[0]).toMatchObject({ documentId: ready.id, text: expect.stringContaining("RuBisCO") });

    const collections = (await (await service.call("/v1/knowledge/collections", { as: alice })).json()) as {
      collections: { name: string; documentCount: number }[];
    };
    expect(collections.collections).toEqual([expect.objectContaining({ name: "biology", documentCount: 1 })]);
  });

  it("answers 404 to every knowledge route for another user's document and collection", async () => {
    const created = (await (
      await upload(alice, form([{ name: "rome.txt", content: "Roman roads were paved with stone." }], "history"))
    ).json()) as {
      documents: DocumentBody[];
    };
    const document = await waitUntilIngested(alice, created.documents[0]!.id);
    await expectError(
      await service.call(`/v1/knowledge/documents/${document.id}`, { as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    await expectError(
      await service.call(`/v1/knowledge/documents/${document.id}`, { method: "DELETE", as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    await expectError(
      await service.call(`/v1/knowledge/search?q=roads&collection=history`, { as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    await expectError(
      await service.call(`/v1/knowledge/search?q=roads&collection=${document.collectionId}`, { as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    await expectError(
      await service.call(`/v1/knowledge/search?q=roads&document=${document.id}`, { as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    await expectError(
      await service.call(`/v1/knowledge/documents?collection=history`, { as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    expect(await (await service.call("/v1/knowledge/documents", { as: bob })).json()).toEqual({ documents: [] });
    expect(await (await service.call("/v1/knowledge/collections", { as: bob })).json()).toEqual({ collections: [] });
    expect(await (await service.call("/v1/knowledge/search?q=roads", { as: bob })).json()).toEqual({ results: [] });
    // Still there for its owner.
    expect((await service.call(`/v1/knowledge/documents/${document.id}`, { as: alice })).status).toBe(200);

    // An admin shares the collection: everyone may read (not delete) it.
    await expectError(
      await service.call(`/v1/knowledge/collections/${document.collectionId}/shared`, {
        method: "PUT",
        as: bob,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shared: true }),
      }),
      403,
      "FORBIDDEN",
    );
    const shared = await service.call(`/v1/knowledge/collections/${document.collectionId}/shared`, {
      method: "PUT",
      as: service.users.admin,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shared: true }),
    });
    expect(shared.status).toBe(204);
    expect((await service.call(`/v1/knowledge/documents/${document.id}`, { as: bob })).status).toBe(200);
    await expectError(
      await service.call(`/v1/knowledge/documents/${document.id}`, { method: "DELETE", as: bob }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
    expect((await service.call(`/v1/knowledge/documents/${document.id}`, { method: "DELETE", as: alice })).status).toBe(
      204,
    );
    await expectError(
      await service.call(`/v1/knowledge/documents/${document.id}`, { as: alice }),
      404,
      "KNOWLEDGE_NOT_FOUND",
    );
  });

  it("refuses unsupported types (415), files over the cap (413) and bodies that are not multipart", async () => {
    const unsupported = await expectError(
      await upload(bob, form([{ name: "slides.pptx", content: "x" }])),
      415,
      "KNOWLEDGE_UNSUPPORTED_TYPE",
    );
    expect(unsupported.message).toContain(
      "PDF (.pdf), Word (.docx), HTML (.html, .htm), Markdown (.md) and plain text (.txt)",
    );
    const tooLarge = await expectError(
      await upload(bob, form([{ name: "big.txt", content: "a ".repeat(15_000) }])),
      413,
      "KNOWLEDGE_FILE_TOO_LARGE",
    );
    expect(tooLarge.details).toMatchObject({ fileName: "big.txt", limitBytes: 20000 });
    await expectError(
      await service.call("/v1/knowledge/documents", {
        method: "POST",
        as: bob,
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    await expectError(await upload(bob, form([])), 400, "INVALID_INPUT");
    expect(await (await service.call("/v1/knowledge/documents", { as: bob })).json()).toEqual({ documents: [] });
  });

  it("keeps an encrypted or scanned PDF as failed with the reason", async () => {
    const response = await upload(
      bob,
      form([
        {
          name: "locked.pdf",
          content: buildPdf([{ lines: ["secret"] }], { encrypted: true }),
          type: "application/pdf",
        },
        { name: "scan.pdf", content: buildPdf([{ lines: [] }]) },
      ]),
    );
    const { documents } = (await response.json()) as { documents: DocumentBody[] };
    const locked = await waitUntilIngested(bob, documents[0]!.id);
    const scan = await waitUntilIngested(bob, documents[1]!.id);
    expect(locked).toMatchObject({ status: "failed", failureReason: expect.stringContaining("encrypted") });
    expect(scan).toMatchObject({ status: "failed", failureReason: expect.stringContaining("no text layer") });
  });

  it("enforces the per-user document quota with 429", async () => {
    const student = service.users.student;
    for (let index = 0; index < 4; index++)
      expect(
        (await upload(student, form([{ name: `note-${index}.txt`, content: `Note number ${index} about tides.` }])))
          .status,
      ).toBe(202);
    const over = await expectError(
      await upload(student, form([{ name: "note-5.txt", content: "One more note." }])),
      429,
      "KNOWLEDGE_QUOTA_EXCEEDED",
    );
    expect(over.details).toMatchObject({ usage: { documents: 4 }, quota: { maxDocuments: 4 } });
    const usage = (await (await service.call("/v1/me/usage", { as: student })).json()) as {
      knowledge: { documents: { used: number; limit: number }; bytes: { used: number; limit: number } };
    };
    expect(usage.knowledge.documents).toEqual({ used: 4, limit: 4 });
    const bytes = [0, 1, 2, 3].reduce((sum, index) => sum + `Note number ${index} about tides.`.length, 0);
    expect(usage.knowledge.bytes).toMatchObject({ used: bytes, limit: expect.any(Number) });
  });

  it("answers 400 for malformed ids and queries", async () => {
    await expectError(await service.call("/v1/knowledge/documents/not-an-id", { as: alice }), 400, "INVALID_INPUT");
    await expectError(await service.call("/v1/knowledge/search?q=", { as: alice }), 400, "INVALID_INPUT");
    await expectError(await service.call("/v1/knowledge/search?q=x&limit=0", { as: alice }), 400, "INVALID_INPUT");
    await expectError(await service.call("/v1/knowledge/search?q=a%00b", { as: alice }), 400, "INVALID_INPUT");
    await expectError(
      await service.call("/v1/knowledge/search?q=a&document=doc_1%00", { as: alice }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await service.call("/v1/knowledge/search?q=a&collection=x%01", { as: alice }),
      400,
      "INVALID_INPUT",
    );
  });
});
