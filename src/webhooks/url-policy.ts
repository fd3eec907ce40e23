import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { WebhookUrlRejectedError } from "./errors.ts";

// Addresses a webhook must not reach unless the operator allows it: otherwise any user could make
// the server post to its own network (cloud metadata at 169.254.169.254, databases, admin pages).
const privateNetworks = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const)
  privateNetworks.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const)
  privateNetworks.addSubnet(network, prefix, "ipv6");

/** Whether webhooks may reach loopback and private addresses (`COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS`). */
export interface UrlPolicy {
  readonly allowPrivateNetworks: boolean;
}

function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return privateNetworks.check(mapped[1]!, "ipv4");
  return privateNetworks.check(address, family === 4 ? "ipv4" : "ipv6");
}

const privateHint =
  "Use a public https URL, or let the operator set COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true for a receiver on the same network.";

/**
 * Checks an endpoint URL when it is registered: http(s) only, no user name or password in it, https
 * unless private networks are allowed, and no literal private address or `localhost` unless allowed.
 * Returns the URL normalised. Throws {@link WebhookUrlRejectedError} saying what is wrong.
 */
export function checkWebhookUrl(value: string, policy: UrlPolicy): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WebhookUrlRejectedError(`"${value.slice(0, 200)}" is not a URL.`, "Give an absolute https URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new WebhookUrlRejectedError(`A webhook URL must be http(s), not ${url.protocol}.`, "Give an https URL.");
  if (url.username !== "" || url.password !== "")
    throw new WebhookUrlRejectedError(
      "A webhook URL must not carry a user name or password.",
      "Authenticate the request with its signature (webhook-signature) instead.",
    );
  if (!policy.allowPrivateNetworks) {
    if (url.protocol !== "https:")
      throw new WebhookUrlRejectedError("A webhook URL must be https.", "Give an https URL.");
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (host === "localhost" || host.endsWith(".localhost") || isPrivateAddress(host))
      throw new WebhookUrlRejectedError(`A webhook URL must not point at a private address (${host}).`, privateHint);
  }
  return url.toString();
}

/**
 * Checks, just before a delivery, what the URL's host resolves to now (a name registered as public
 * may later resolve to a private address). Resolves when the delivery may go ahead.
 */
export async function checkResolvedAddress(url: string, policy: UrlPolicy): Promise<void> {
  if (policy.allowPrivateNetworks) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) !== 0 ? [{ address: host }] : await lookup(host, { all: true });
  const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
  if (blocked !== undefined)
    throw new WebhookUrlRejectedError(`${host} resolves to a private address (${blocked.address}).`, privateHint);
}
