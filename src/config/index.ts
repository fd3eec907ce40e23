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
export { routedTasks, routingOf, unpricedRoutes } from "./routing.ts";
export type { RoutedTask, Routing, TaskRoute } from "./routing.ts";
export { defaultRoleBudgets, overGlobalBudgetModes, parseRoleBudgets } from "./budget-defaults.ts";
export type { RoleBudget } from "./budget-defaults.ts";
