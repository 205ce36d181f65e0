import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ApiHeader } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotentRequest,
  parseIdempotencyKey,
  requestFingerprint,
} from 'src/platform/idempotency/idempotent-request';

/**
 * On a create route: documents the `Idempotency-Key` header. Pair it with the
 * `@IdempotencyKey()` parameter and hand that to IdempotencyService.run.
 */
export function AcceptsIdempotencyKey(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any 1–255 visible ASCII characters (a UUID is a good choice). A retry with the same key ' +
        'and body within 24 hours gets the first response (header Idempotent-Replayed: true) ' +
        'instead of creating a twin; the same key with another body is refused with 422 ' +
        'IDEMPOTENCY_KEY_REUSED; while the first request is still running, 409 ' +
        'IDEMPOTENCY_KEY_IN_USE.',
    }),
  );
}

/**
 * The request's Idempotency-Key with the caller and the request's fingerprint, or undefined
 * when the header is absent. Only on authenticated routes: keys belong to a user.
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IdempotentRequest | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    if (key === undefined) return undefined;
    const principal = request.principal;
    if (!principal) throw new Error('IdempotencyKey used on a route without authentication');
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return new IdempotentRequest(
      principal.userId,
      key,
      requestFingerprint(request.method, request.routeOptions.url ?? request.url, request.body),
      status,
      context.switchToHttp().getResponse<FastifyReply>(),
    );
  },
);
