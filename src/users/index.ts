// Users, roles and credentials: API tokens (stored hashed) and Supabase JWTs.
export { roles, isRole, visibleOwner } from "./caller.ts";
export type { Caller, Role, User } from "./caller.ts";
export { AdminOnlyError, requireAdmin, UserDisabledError, UserExistsError, UserNotFoundError } from "./errors.ts";
export {
  createUser,
  findOldestActiveAdmin,
  findUser,
  findUserByEmail,
  listUsers,
  disableUser,
  hasAnyUser,
  adminNeverSignedIn,
  userIdPattern,
} from "./users.ts";
export type { NewUser, UserListing } from "./users.ts";
export { issueToken, revokeTokens, revokeTokensNamed, authenticateToken, hashToken, tokenPrefix } from "./tokens.ts";
export type { IssuedToken } from "./tokens.ts";
export {
  createSupabaseJwtVerifier,
  looksLikeJwt,
  supabaseAsymmetricAlgorithms,
  supabaseAudience,
} from "./supabase-jwt.ts";
export type { SupabaseJwtOptions, SupabaseJwtVerifier, VerifiedClaims } from "./supabase-jwt.ts";
export { claimAt, createSupabaseSignIn } from "./supabase-sign-in.ts";
export type { SupabaseSignIn, SupabaseSignInOptions } from "./supabase-sign-in.ts";
export { authenticate } from "./authenticate.ts";
export type { AuthenticateOptions } from "./authenticate.ts";
export { createAccounts } from "./accounts.ts";
export type { Accounts } from "./accounts.ts";
