import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';
import {
  ACCESS_REQUIREMENT,
  AccessRequirement,
  PUBLIC_ROUTE,
} from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { API_KEY_PREFIX, ApiKeysService } from 'src/modules/auth/api-keys/api-keys.service';
import { AuthCookies } from 'src/modules/auth/cookies/auth-cookies';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { AccessTokens } from 'src/modules/auth/tokens/access-tokens';

type RouteRule = { public: true } | { public: false; requirement: AccessRequirement };

const BEARER = /^Bearer[ ]+(\S+)$/i;
const CHALLENGE = { 'www-authenticate': 'Bearer realm="ledgerline"' };
const INVALID_TOKEN_CHALLENGE = {
  'www-authenticate': 'Bearer realm="ledgerline", error="invalid_token"',
};

/**
 * Default-deny: every route needs an authenticated caller unless it is @Public(), and what
 * @Authenticated() declares (roles, API-key scopes) is enforced here, in one place.
 * Credentials: `Authorization: Bearer` with an access token or an API key, `X-API-Key`, or
 * the access-token cookie (with CSRF checks on unsafe methods).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly rules = new WeakMap<object, RouteRule>();

  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly cookies: AuthCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.ruleFor(context);
    if (rule.public) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.authenticate(request);
    authorize(principal, rule.requirement);
    // The request is also the request context: logs and audit events see the caller from here.
    request.principal = principal;
    return true;
  }

  private ruleFor(context: ExecutionContext): RouteRule {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (!rule) {
      const targets = [handler, context.getClass()];
      rule = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)
        ? { public: true }
        : {
            public: false,
            requirement:
              this.reflector.getAllAndOverride<AccessRequirement>(ACCESS_REQUIREMENT, targets) ??
              {},
          };
      this.rules.set(handler, rule);
    }
    return rule;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const credential = BEARER.exec(authorization)?.[1];
      if (!credential) throw invalidToken();
      return credential.startsWith(API_KEY_PREFIX)
        ? this.fromApiKey(credential)
        : this.fromAccessToken(credential);
    }
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') return this.fromApiKey(apiKey);
    const cookieToken = this.cookies.accessToken(request);
    if (cookieToken) {
      const principal = await this.fromAccessToken(cookieToken);
      this.cookies.assertSameSiteIntent(request, principal.sessionId!);
      return principal;
    }
    throw new AppException('UNAUTHENTICATED', 'Authentication is required', { headers: CHALLENGE });
  }

  private async fromAccessToken(token: string): Promise<Principal> {
    const claims = this.accessTokens.verify(token);
    const principal = claims && (await this.sessions.authenticate(claims));
    if (!principal) throw invalidToken();
    return principal;
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const principal = await this.apiKeys.authenticate(key);
    if (!principal) throw invalidToken('The API key is invalid, expired or revoked');
    return principal;
  }
}

function authorize(principal: Principal, requirement: AccessRequirement): void {
  if (principal.kind === 'apiKey') {
    const granted = principal.scopes ?? [];
    const needed = requirement.scopes ?? [];
    if (needed.length === 0 || !needed.every((scope) => granted.includes(scope))) {
      throw new AppException(
        'INSUFFICIENT_SCOPE',
        needed.length === 0
          ? 'This route is not available to API keys'
          : `This route needs the scope ${needed.join(', ')}`,
      );
    }
  }
  if (requirement.roles && !requirement.roles.includes(principal.role)) {
    throw new AppException('FORBIDDEN', 'Your role does not allow this');
  }
}

function invalidToken(detail = 'The access token is invalid, expired or revoked'): AppException {
  return new AppException('AUTH_TOKEN_INVALID', detail, { headers: INVALID_TOKEN_CHALLENGE });
}
