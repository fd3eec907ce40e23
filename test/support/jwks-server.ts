import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

/** One signing key of the test project: its private half signs, its public half is served. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: "ES256" | "RS256";
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Makes a signing key as Supabase's asymmetric JWT signing keys are (ES256 or RS256, with a key id). */
export async function makeSigningKey(alg: "ES256" | "RS256", kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A JWKS endpoint on 127.0.0.1 whose keys the test rotates, counting how often it is fetched. */
export interface JwksServer {
  /** `http://127.0.0.1:PORT/auth/v1/.well-known/jwks.json`, Supabase's path. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/auth/v1`, the `iss` of the project's tokens. */
  readonly issuer: string;
  /** JWKS requests served so far. */
  fetches(): number;
  /** Replaces the published keys (a rotation adds the next key, later drops the old one). */
  publish(keys: readonly SigningKey[]): void;
  close(): Promise<void>;
}

/** Starts a JWKS endpoint publishing `keys`. */
export async function startJwksServer(keys: readonly SigningKey[]): Promise<JwksServer> {
  let published = keys;
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== "/auth/v1/.well-known/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/auth/v1/.well-known/jwks.json`,
    issuer: `${origin}/auth/v1`,
    fetches: () => fetches,
    publish(next) {
      published = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A Supabase-shaped access token signed with `key` (claims override the defaults; `undefined` drops one). */
export function signAccessToken(
  key: SigningKey,
  claims: Record<string, unknown>,
  options: { readonly issuer: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const all: Record<string, unknown> = {
    aud: "authenticated",
    role: "authenticated",
    iss: options.issuer,
    iat: now,
    exp: now + 3600,
    ...claims,
  };
  const payload = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}
