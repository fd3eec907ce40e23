import { DatabaseQueryError } from "./errors.ts";

const channelNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `channel` is a lower-case identifier usable unquoted in `LISTEN`. */
export function assertChannelName(channel: string): void {
  if (!channelNamePattern.test(channel))
    throw new DatabaseQueryError(
      `Invalid notification channel name: ${JSON.stringify(channel)}; use lower-case letters, digits and underscores.`,
      { sqlState: "42602" },
    );
}
