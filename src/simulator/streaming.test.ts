import { describe, expect, it } from "vitest";
import { batchPieces, splitIntoPieces } from "./streaming.ts";

describe("stream pieces", () => {
  const text = '[simulated] {"title":"Soil erosion","body":"Terraces slow runoff.\\n\\n- **Soil**: keep it covered."}';

  it("splits text into token-sized pieces that rebuild it exactly", () => {
    const pieces = splitIntoPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(pieces.length).toBeGreaterThan(20);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(8);
  });

  it("batches pieces into a bounded number of writes without losing any", () => {
    const pieces = splitIntoPieces(text.repeat(20));
    const batches = batchPieces(pieces, 48);
    expect(batches).toHaveLength(48);
    expect(batches.join("")).toBe(text.repeat(20));
    expect(batchPieces(["a", "b"], 48)).toEqual(["a", "b"]);
  });
});
