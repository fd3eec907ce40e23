import { describe, expect, it } from "vitest";
import { checkResolvedAddress, checkWebhookUrl } from "./url-policy.ts";

const strict = { allowPrivateNetworks: false };
const open = { allowPrivateNetworks: true };

describe("checkWebhookUrl", () => {
  it("accepts a public https URL and normalises it", () => {
    expect(checkWebhookUrl("https://Platform.Example.com/hooks/courseforge", strict)).toBe(
      "https://platform.example.com/hooks/courseforge",
    );
  });

  it.each([
    ["ftp://example.com/x", /http\(s\), not ftp:/],
    ["not a url", /is not a URL/],
    ["https://user:pass@example.com/x", /user name or password/],
    ["http://example.com/x", /must be https/],
    ["https://localhost/x", /private address \(localhost\)/],
    ["https://127.0.0.1/x", /private address/],
    ["https://10.1.2.3/x", /private address/],
    ["https://169.254.169.254/latest/meta-data", /private address/],
    ["https://192.168.0.10/x", /private address/],
    ["https://172.20.0.1/x", /private address/],
    ["https://[::1]/x", /private address/],
    ["https://[fd00::1]/x", /private address/],
    ["https://[::ffff:10.0.0.1]/x", /private address/],
  ])("refuses %s", (url, message) => {
    expect(() => checkWebhookUrl(url, strict)).toThrow(message);
  });

  it("lets the operator allow http and private receivers, but never credentials or other schemes", () => {
    expect(checkWebhookUrl("http://127.0.0.1:8080/hook", open)).toBe("http://127.0.0.1:8080/hook");
    expect(() => checkWebhookUrl("http://a:b@127.0.0.1/hook", open)).toThrow(/user name or password/);
    expect(() => checkWebhookUrl("file:///etc/passwd", open)).toThrow(/http\(s\)/);
  });
});

describe("checkResolvedAddress", () => {
  it("refuses a name that resolves to a private address at delivery time", async () => {
    await expect(checkResolvedAddress("https://localhost/hook", strict)).rejects.toThrow(/resolves to a private/);
    await expect(checkResolvedAddress("https://localhost/hook", open)).resolves.toBeUndefined();
  });
});
