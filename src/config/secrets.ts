import type { Config } from "./load-config.ts";

/**
 * Every secret in the configuration: the provider key, the database password, the Supabase JWT
 * secret, the metrics token, the cron secret of the tick route and the alert webhook URL (a Slack webhook URL is itself a credential).
 * The logger removes them from every line it writes.
 */
export function configuredSecrets(config: Config): string[] {
  const secrets = [
    config.openai.apiKey,
    config.auth.supabaseJwtSecret,
    config.observability.metricsToken,
    config.worker.cronSecret,
    config.observability.alertWebhookUrl,
  ];
  if (config.database.url !== undefined) {
    try {
      secrets.push(decodeURIComponent(new URL(config.database.url).password));
    } catch {
      // An unparseable URL was already refused by loadConfig; nothing more to find here.
    }
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== "");
}
