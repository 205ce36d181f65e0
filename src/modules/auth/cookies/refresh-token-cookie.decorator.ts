import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { requestCookie } from 'src/platform/http/cookies';
import { REFRESH_COOKIE } from 'src/modules/auth/cookies/auth-cookies';

export const RefreshTokenCookie = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    requestCookie(context.switchToHttp().getRequest<FastifyRequest>(), REFRESH_COOKIE),
);
