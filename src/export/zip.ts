import { Readable } from "node:stream";
import { ZipFile } from "yazl";

/** One file of a package; its content is rendered only when the zip writer reaches it. */
export interface ZipEntry {
  readonly path: string;
  readonly content: () => string | Uint8Array;
}

/**
 * Streams a zip of `entries`: each entry is rendered lazily, compressed and written before the next
 * one is rendered, so a large course never sits in memory as a whole zip. Every entry gets the
 * same `modified` time so the same course gives the same bytes.
 */
export function zipStream(entries: Iterable<ZipEntry>, modified: Date): Readable {
  const zip = new ZipFile();
  // yazl reports a failed entry on the ZipFile, not on its output (and may do so while entries are
  // being added, as it starts on the first one at once): the reader must see it.
  const state: { output?: Readable; failure?: Error } = {};
  zip.on("error", (error: unknown) => {
    state.failure = error instanceof Error ? error : new Error(String(error));
    state.output?.destroy(state.failure);
  });
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.path, { mtime: modified, mode: 0o100644 }, (callback) => {
      try {
        const content = entry.content();
        callback(null, Readable.from([typeof content === "string" ? Buffer.from(content, "utf8") : content]));
      } catch (error) {
        callback(error, Readable.from([]));
      }
    });
  }
  zip.end();
  // yazl's output is a classic stream; wrapping it gives a modern Readable (async iteration, toWeb).
  const output = Readable.from(zip.outputStream as AsyncIterable<Buffer>);
  state.output = output;
  if (state.failure !== undefined) output.destroy(state.failure);
  return output;
}
