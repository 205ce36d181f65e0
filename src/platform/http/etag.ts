import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { AppException } from 'src/platform/errors/app.exception';

/** The ETag of a resource at `version`: weak, since it names a version, not bytes. */
export function versionEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * What an If-Match header asks for: nothing (absent), any current version (`*`), or one of
 * these versions.
 */
export type IfMatch =
  { kind: 'absent' } | { kind: 'any' } | { kind: 'versions'; versions: number[] };

const ENTITY_TAG = /^(?:W\/)?"(\d{1,9})"$/;

/**
 * Parses If-Match. Version tags are compared by their version whether the client sent them weak
 * (as we send them) or strong: RFC 9110 asks for strong comparison, under which a weak tag could
 * never match, and clients echo the ETag they were given. A tag we could never have issued is a
 * malformed header (400), not a mismatch.
 */
export function parseIfMatch(header: unknown): IfMatch {
  if (header === undefined) return { kind: 'absent' };
  const text = typeof header === 'string' ? header.trim() : '';
  if (text === '*') return { kind: 'any' };
  const versions = text.split(',').map((tag) => ENTITY_TAG.exec(tag.trim())?.[1]);
  if (text === '' || versions.some((version) => version === undefined)) {
    throw new AppException('VALIDATION_FAILED', 'The If-Match header is not valid', {
      errors: [
        {
          field: 'If-Match',
          messages: ['If-Match must be the ETag of the resource, e.g. W/"3", or *'],
        },
      ],
    });
  }
  return { kind: 'versions', versions: versions.map(Number) };
}

/** The request's If-Match, parsed. */
export const IfMatchHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IfMatch =>
    parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/**
 * Sets `ETag: W/"<version>"` from the `version` of the response body, for routes that return
 * one versioned resource.
 */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | undefined)?.version;
        if (typeof version === 'number') void reply.header('etag', versionEtag(version));
        return body;
      }),
    );
  }
}
