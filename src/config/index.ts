export {
  loadConfig,
  ConfigError,
  defaultPrices,
  providerNames,
  workerConcurrencyRange,
  defaultReuseThreshold,
} from "./load-config.ts";
export type { Config, ConfigFlags, ProviderName } from "./load-config.ts";
export { configuredSecrets } from "./secrets.ts";
