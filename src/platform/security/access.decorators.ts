import {
  applyDecorators,
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOAuth2, ApiSecurity } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Principal, Role } from 'src/platform/security/principal';

export const PUBLIC_ROUTE = 'ledgerline:public';
export const ACCESS_REQUIREMENT = 'ledgerline:access';

export const SECURITY_SCHEMES = {
  bearer: 'bearer',
  oauth2: 'oauth2',
  apiKey: 'apiKey',
} as const;

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
    ApiBearerAuth(SECURITY_SCHEMES.bearer),
    ApiOAuth2([], SECURITY_SCHEMES.oauth2),
  ];
  if (requirement.scopes?.length) {
    decorators.push(ApiSecurity(SECURITY_SCHEMES.apiKey, [...requirement.scopes]));
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
