import { describe, expect, it } from "vitest";
import { collect, readZip } from "../../test/support/zip-reader.ts";
import { zipStream } from "./zip.ts";

describe("zipStream", () => {
  it("renders each entry only when the writer reaches it, so the first bytes leave before the last file exists", async () => {
    const rendered: string[] = [];
    const entries = Array.from({ length: 50 }, (_, index) => ({
      path: `file-${index}.txt`,
      content: () => {
        rendered.push(`file-${index}.txt`);
        return `content ${index} `.repeat(20_000);
      },
    }));
    const stream = zipStream(entries, new Date("2025-01-31T12:00:00.000Z"));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(entries.length);
    stream.destroy();
  });

  it("writes a zip whose files read back as given", async () => {
    const files = readZip(
      await collect(
        zipStream(
          [
            { path: "a.txt", content: () => "héllo" },
            { path: "dir/b.bin", content: () => new Uint8Array([0, 1, 2]) },
          ],
          new Date("2025-01-31T12:00:00.000Z"),
        ),
      ),
    );
    expect(files.get("a.txt")?.toString("utf8")).toBe("héllo");
    expect([...(files.get("dir/b.bin") ?? [])]).toEqual([0, 1, 2]);
  });

  it("fails the stream when an entry cannot be rendered", async () => {
    const stream = zipStream(
      [
        {
          path: "bad.txt",
          content: () => {
            throw new Error("render failed");
          },
        },
      ],
      new Date(0),
    );
    await expect(collect(stream)).rejects.toThrow("render failed");
  });
});
