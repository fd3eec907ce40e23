/** Simulated models: how fast each one answers and how much it lets a client send per minute. */

/** Speed and limits of one simulated model. */
export interface ModelProfile {
  /** Milliseconds before the first output token (default 500). */
  readonly timeToFirstTokenMs: number;
  /** Output tokens per second once generation has started (default 60). */
  readonly tokensPerSecond: number;
  /** Requests per minute (default 10 000). */
  readonly rpm: number;
  /** Tokens per minute: prompt tokens plus requested output tokens (default 2 000 000). */
  readonly tpm: number;
}

/** The profile of a model the table does not name. */
export const defaultModelProfile: ModelProfile = {
  timeToFirstTokenMs: 500,
  tokensPerSecond: 60,
  rpm: 10_000,
  tpm: 2_000_000,
};

/** Named profiles served by default, roughly shaped like the real models (tier-3-like limits). */
export const defaultModelProfiles: Readonly<Record<string, ModelProfile>> = {
  "gpt-4.1": { timeToFirstTokenMs: 700, tokensPerSecond: 45, rpm: 5_000, tpm: 800_000 },
  "gpt-4.1-mini": { timeToFirstTokenMs: 450, tokensPerSecond: 75, rpm: 5_000, tpm: 4_000_000 },
  "gpt-4.1-nano": { timeToFirstTokenMs: 300, tokensPerSecond: 120, rpm: 5_000, tpm: 4_000_000 },
  "gpt-4o": { timeToFirstTokenMs: 600, tokensPerSecond: 55, rpm: 5_000, tpm: 800_000 },
  "gpt-4o-mini": { timeToFirstTokenMs: 400, tokensPerSecond: 80, rpm: 5_000, tpm: 4_000_000 },
  "sim-fast": { timeToFirstTokenMs: 50, tokensPerSecond: 500, rpm: 100_000, tpm: 100_000_000 },
  "sim-slow": { timeToFirstTokenMs: 2_000, tokensPerSecond: 15, rpm: 500, tpm: 200_000 },
  "text-embedding-3-small": { timeToFirstTokenMs: 100, tokensPerSecond: 10_000, rpm: 5_000, tpm: 5_000_000 },
  "text-embedding-3-large": { timeToFirstTokenMs: 150, tokensPerSecond: 10_000, rpm: 5_000, tpm: 5_000_000 },
};

/** Looks up model profiles: configured ones, then the default table, then the default profile. */
export interface ModelCatalog {
  profileFor(model: string): ModelProfile;
  /** Every named model, for `GET /v1/models`. */
  names(): string[];
  has(model: string): boolean;
}

/** Builds the catalog from user-supplied profiles (partial ones are completed with defaults). */
export function createModelCatalog(
  models: Readonly<Record<string, Partial<ModelProfile>>> | undefined,
  fallback: Partial<ModelProfile> | undefined,
): ModelCatalog {
  const unknown = completeProfile(fallback, defaultModelProfile);
  const table = new Map<string, ModelProfile>(Object.entries(defaultModelProfiles));
  for (const [name, profile] of Object.entries(models ?? {}))
    table.set(name, completeProfile(profile, table.get(name) ?? unknown));
  for (const [name, profile] of table) validateProfile(name, profile);
  validateProfile("defaultModel", unknown);
  return {
    profileFor: (model) => table.get(model) ?? unknown,
    names: () => [...table.keys()],
    has: (model) => table.has(model),
  };
}

function completeProfile(profile: Partial<ModelProfile> | undefined, base: ModelProfile): ModelProfile {
  return {
    timeToFirstTokenMs: profile?.timeToFirstTokenMs ?? base.timeToFirstTokenMs,
    tokensPerSecond: profile?.tokensPerSecond ?? base.tokensPerSecond,
    rpm: profile?.rpm ?? base.rpm,
    tpm: profile?.tpm ?? base.tpm,
  };
}

function validateProfile(name: string, profile: ModelProfile): void {
  const valid =
    Number.isFinite(profile.timeToFirstTokenMs) &&
    profile.timeToFirstTokenMs >= 0 &&
    Number.isFinite(profile.tokensPerSecond) &&
    profile.tokensPerSecond > 0 &&
    Number.isInteger(profile.rpm) &&
    profile.rpm > 0 &&
    Number.isInteger(profile.tpm) &&
    profile.tpm > 0;
  if (!valid) throw new RangeError(`Simulator model profile "${name}" is invalid: ${JSON.stringify(profile)}.`);
}
