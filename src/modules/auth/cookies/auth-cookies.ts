import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SerializeOptions } from 'cookie';
import { FastifyRequest } from 'fastify';
import { AppConfig } from 'src/config/app-config';
import { constantTimeEqual } from 'src/platform/crypto/secret-tokens';
import { AppException } from 'src/platform/errors/app.exception';
import { requestCookie, ResponseCookies } from 'src/platform/http/cookies';
import { IssuedTokens } from 'src/modules/auth/sessions/sessions.service';

export const ACCESS_COOKIE = 'll_access';
export const REFRESH_COOKIE = 'll_refresh';
export const CSRF_COOKIE = 'll_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Only the routes that take a refresh token ever receive the refresh cookie. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Tokens for browser clients, as HttpOnly cookies, and the CSRF defence that cookie
 * authentication needs: a token bound to the session (HMAC of its id, so a cookie planted
 * by a sibling domain is useless) that the page must echo in a header, plus an Origin check.
 */
@Injectable()
export class AuthCookies {
  private readonly base: SerializeOptions;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(private readonly config: AppConfig) {
    this.base = { secure: config.isProduction, sameSite: 'strict' };
    this.allowedOrigins = new Set(config.http.corsOrigins);
  }

  write(cookies: ResponseCookies, tokens: IssuedTokens, now: Date): string {
    const csrfToken = this.csrfTokenFor(tokens.sessionId);
    const refreshMaxAge = Math.max(
      0,
      Math.floor((tokens.refreshTokenExpiresAt.getTime() - now.getTime()) / 1000),
    );
    cookies.set(ACCESS_COOKIE, tokens.accessToken, {
      ...this.base,
      httpOnly: true,
      path: '/api',
      maxAge: tokens.accessTokenExpiresIn,
    });
    cookies.set(REFRESH_COOKIE, tokens.refreshToken, {
      ...this.base,
      httpOnly: true,
      path: REFRESH_COOKIE_PATH,
      maxAge: refreshMaxAge,
    });
    // Readable by the page's script, which sends it back in the X-CSRF-Token header.
    cookies.set(CSRF_COOKIE, csrfToken, {
      ...this.base,
      httpOnly: false,
      path: '/',
      maxAge: refreshMaxAge,
    });
    return csrfToken;
  }

  clear(cookies: ResponseCookies): void {
    cookies.clear(ACCESS_COOKIE, { ...this.base, httpOnly: true, path: '/api' });
    cookies.clear(REFRESH_COOKIE, { ...this.base, httpOnly: true, path: REFRESH_COOKIE_PATH });
    cookies.clear(CSRF_COOKIE, { ...this.base, path: '/' });
  }

  accessToken(request: FastifyRequest): string | undefined {
    return requestCookie(request, ACCESS_COOKIE);
  }

  refreshToken(request: FastifyRequest): string | undefined {
    return requestCookie(request, REFRESH_COOKIE);
  }

  /** Refuses an unsafe cookie-authenticated request that a third-party page could have sent. */
  assertSameSiteIntent(request: FastifyRequest, sessionId: string): void {
    if (SAFE_METHODS.has(request.method)) return;
    if (!this.originAllowed(request)) {
      throw new AppException('CSRF_REJECTED', 'The request does not come from an allowed origin');
    }
    const presented = request.headers[CSRF_HEADER];
    const valid =
      typeof presented === 'string' &&
      this.config.auth.jwtSecrets.some((secret) =>
        constantTimeEqual(presented, csrfToken(secret, sessionId)),
      );
    if (!valid) {
      throw new AppException(
        'CSRF_REJECTED',
        `A valid ${CSRF_HEADER} header is required with cookie authentication`,
      );
    }
  }

  private csrfTokenFor(sessionId: string): string {
    return csrfToken(this.config.auth.jwtSecrets[0], sessionId);
  }

  /** Origin (or, failing that, Referer) must be this server or a configured CORS origin. */
  private originAllowed(request: FastifyRequest): boolean {
    const source = request.headers.origin ?? request.headers.referer;
    if (typeof source !== 'string') return false;
    let origin: URL;
    try {
      origin = new URL(source);
    } catch {
      return false;
    }
    return this.allowedOrigins.has(origin.origin) || origin.host === request.headers.host;
  }
}

function csrfToken(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}
