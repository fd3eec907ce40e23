export { createLocalProvider } from "./provider.ts";
export type { LocalProviderOptions } from "./provider.ts";
export { toGrammarSchema } from "./grammar-schema.ts";
