import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { AuthCookies } from 'src/modules/auth/cookies/auth-cookies';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';

/**
 * A refresh that relies on the refresh cookie is a cookie-authenticated unsafe request: it
 * needs the CSRF token and origin of the session, checked before the token is used up.
 */
@Injectable()
export class RefreshCookieGuard implements CanActivate {
  constructor(
    private readonly cookies: AuthCookies,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const fromBody = (request.body as { refreshToken?: unknown } | undefined)?.refreshToken;
    const fromCookie = this.cookies.refreshToken(request);
    if (fromBody !== undefined || !fromCookie) return true;
    const session = await this.sessions.findByRefreshToken(fromCookie);
    // An unknown token is refused by the handler with the usual 401.
    if (session) this.cookies.assertSameSiteIntent(request, session.id);
    return true;
  }
}
