import {
  applyDecorators,
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOAuth2, ApiSecurity } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import {
  API_KEY_SCHEME,
  BEARER_SCHEME,
  OAUTH2_SCHEME,
} from 'src/platform/openapi/security-schemes';
import { Principal, Role } from 'src/platform/security/principal';

export const PUBLIC_ROUTE = 'ledgerline:public';
export const ACCESS_REQUIREMENT = 'ledgerline:access';

/** Where the document states what a route requires beyond a signed-in user. */
export const REQUIRED_SCOPES_EXTENSION = 'x-required-scopes';
export const REQUIRED_ROLES_EXTENSION = 'x-required-roles';

export interface AccessRequirement {
  /** Roles allowed; absent means any authenticated user. */
  roles?: readonly Role[];
  /**
   * The API-key scopes (`resource:action`) the route needs. Absent means API keys may not call
   * it at all: nothing falls back to "every scope".
   */
  scopes?: readonly string[];
}

/** Opens a route to anonymous callers (login, register, probes, docs). */
export function Public(): CustomDecorator<string> {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/**
 * Who may call a route, and the matching Swagger security, in one place. Every route that is
 * not @Public() carries this; the global guard denies everything else.
 */
export function Authenticated(
  requirement: AccessRequirement = {},
): MethodDecorator & ClassDecorator {
  const decorators = [
    SetMetadata(ACCESS_REQUIREMENT, requirement),
    ApiBearerAuth(BEARER_SCHEME),
    ApiOAuth2([], OAUTH2_SCHEME),
  ];
  // OpenAPI 3.0 lists scopes only for OAuth2 schemes: an API key's scopes go in an extension.
  if (requirement.scopes?.length) {
    decorators.push(
      ApiSecurity(API_KEY_SCHEME),
      ApiExtension(REQUIRED_SCOPES_EXTENSION, [...requirement.scopes]),
    );
  }
  if (requirement.roles?.length) {
    decorators.push(ApiExtension(REQUIRED_ROLES_EXTENSION, [...requirement.roles]));
  }
  return applyDecorators(...decorators);
}

/** The authenticated caller; only on routes that are not @Public(). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
    return principal;
  },
);
