import { describe, expect, it } from "vitest";
import { captureContext } from "../../test/support/cli-command.ts";
import { exportFormats } from "../export/index.ts";
import { runCli } from "./program.ts";

describe("the courseforge command tree", () => {
  it("offers every export format the exporters know", async () => {
    const context = captureContext();
    expect(await runCli(["export", "--help"], context)).toBe(0);
    const choices = /\(choices: ((?:"[^"]+",? ?)+)/.exec(context.stdout.text.replace(/\s+/g, " "))?.[1];
    expect(choices?.match(/"[^"]+"/g)?.map((choice) => JSON.parse(choice) as string)).toEqual([...exportFormats]);
  });
});
