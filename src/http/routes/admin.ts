import type { z } from "zod";
import type { User, UserListing } from "../../users/index.ts";
import { route, type RouteDefinition } from "../route.ts";
import {
  CreatedUserResponse,
  CreateUserBody,
  ErrorResponse,
  IssuedTokenResponse,
  IssueTokenBody,
  UserListResponse,
  UserParams,
  UserResponse,
} from "../schemas.ts";
import { isoDate } from "../present.ts";

const forbidden = { description: "The caller is not an admin.", schema: ErrorResponse };

function presentUser(user: User | UserListing): z.output<typeof UserResponse> {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabledAt: user.disabledAt === null ? null : isoDate(user.disabledAt),
    createdAt: isoDate(user.createdAt),
    ...("activeTokens" in user
      ? { activeTokens: user.activeTokens, lastUsedAt: user.lastUsedAt === null ? null : isoDate(user.lastUsedAt) }
      : {}),
  };
}

/** User administration (admins only): the API form of `courseforge users …`, usable while the server holds the database. */
export const adminRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "post",
      path: "/v1/admin/users",
      operationId: "createUser",
      summary: "Create a user and its first API token (shown once)",
      tag: "admin",
      access: "admin",
      body: CreateUserBody,
      responses: {
        201: {
          description: "The user and its token. Store the token now: only its hash is kept.",
          schema: CreatedUserResponse,
        },
        400: { description: "A bad or unknown field; `details.field` names it.", schema: ErrorResponse },
        403: forbidden,
        409: { description: "USER_EXISTS: the email or id is taken.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, body, dependencies }) => {
      const { user, issued } = await dependencies.accounts.create(
        caller,
        {
          email: body.email,
          role: body.role,
          ...(body.id === undefined ? {} : { id: body.id }),
          tokenName: body.tokenName,
        },
        context.req.raw.signal,
      );
      context.header("Cache-Control", "no-store");
      return context.json(
        { userId: user.id, email: user.email, role: user.role, token: issued.token, tokenPrefix: issued.prefix },
        201,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/users",
      operationId: "listUsers",
      summary: "List users with their token counts",
      tag: "admin",
      access: "admin",
      responses: { 200: { description: "Every user, oldest first.", schema: UserListResponse }, 403: forbidden },
    },
    async ({ context, caller, dependencies }) => {
      const users = await dependencies.accounts.list(caller, context.req.raw.signal);
      return context.json({ users: users.map(presentUser) }, 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/admin/users/:id/disable",
      operationId: "disableUser",
      summary: "Disable a user: its tokens and JWTs stop working at once",
      tag: "admin",
      access: "admin",
      params: UserParams,
      responses: {
        200: { description: "The disabled user.", schema: UserResponse },
        400: { description: "A bad user id.", schema: ErrorResponse },
        403: forbidden,
        404: { description: "USER_NOT_FOUND.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const user = await dependencies.accounts.disable(caller, params.id, context.req.raw.signal);
      return context.json(presentUser(user), 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/admin/users/:id/tokens",
      operationId: "issueUserToken",
      summary: "Issue another API token for a user (shown once)",
      description: 'The user\'s other tokens keep working. Send `{}` or `{"name": "laptop"}`.',
      tag: "admin",
      access: "admin",
      params: UserParams,
      body: IssueTokenBody,
      responses: {
        201: { description: "The token. Store it now: only its hash is kept.", schema: IssuedTokenResponse },
        400: { description: "A bad user id or field; `details.field` names it.", schema: ErrorResponse },
        403: forbidden,
        404: { description: "USER_NOT_FOUND.", schema: ErrorResponse },
        409: { description: "USER_DISABLED: a disabled user's tokens cannot be used.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, body, dependencies }) => {
      const name = body.name ?? "default";
      const issued = await dependencies.accounts.issueToken(caller, params.id, name, context.req.raw.signal);
      context.header("Cache-Control", "no-store");
      return context.json(
        { tokenId: issued.tokenId, userId: issued.userId, name, token: issued.token, tokenPrefix: issued.prefix },
        201,
      );
    },
  ),
];
