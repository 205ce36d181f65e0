import {
  applyDecorators,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import { VersionEtagInterceptor } from 'src/platform/http/etag';
import { AcceptsIdempotencyKey } from 'src/platform/idempotency/idempotency-key.decorator';
import { PageOf } from 'src/platform/pagination/page';
import { RateLimit, RateLimitTier } from 'src/platform/rate-limit/rate-limit.decorator';
import { Authenticated } from 'src/platform/security/access.decorators';

/**
 * Composite decorators for the routes of an owned, versioned resource: each says who may call
 * the route (the API-key scope), its rate tier, its verb and path, its status, ETag and headers
 * and what Swagger shows, so a handler carries one decorator instead of five to seven.
 */
export interface RouteAccess {
  /** The API-key scope the route needs, e.g. `expenses:read`. */
  scope: string;
  /** The rate tier; `authenticated` unless the route is dearer. */
  tier?: RateLimitTier;
}

export interface OwnedRouteOptions extends RouteAccess {
  /** The response DTO: one resource (a list answers a page of them). */
  type: Type<unknown>;
}

function access({ scope, tier = 'authenticated' }: RouteAccess): MethodDecorator[] {
  return [Authenticated({ scopes: [scope] }), RateLimit(tier)];
}

/** `GET /`: a cursor page of the caller's resources. */
export function ListRoute(options: OwnedRouteOptions): MethodDecorator {
  return applyDecorators(...access(options), Get(), ApiOkResponse({ type: PageOf(options.type) }));
}

/** `POST /`: creates one, 201 with its ETag; accepts `Idempotency-Key`. */
export function CreateRoute(options: OwnedRouteOptions): MethodDecorator {
  return applyDecorators(
    ...access(options),
    Post(),
    HttpCode(201),
    AcceptsIdempotencyKey(),
    UseInterceptors(VersionEtagInterceptor),
    ApiCreatedResponse({ type: options.type }),
  );
}

/** `GET /:id`: one of the caller's, with its ETag. */
export function GetVersioned(options: OwnedRouteOptions): MethodDecorator {
  return applyDecorators(
    ...access(options),
    Get(':id'),
    UseInterceptors(VersionEtagInterceptor),
    ApiOkResponse({ type: options.type }),
  );
}

/** `PATCH /:id`: a partial update that needs `If-Match`; answers the new version's ETag. */
export function PatchVersioned(options: OwnedRouteOptions): MethodDecorator {
  return applyDecorators(
    ...access(options),
    Patch(':id'),
    UseInterceptors(VersionEtagInterceptor),
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag, e.g. W/"3"' }),
    ApiOkResponse({ type: options.type }),
  );
}

/** `DELETE /:id`: 204; `If-Match` optional (deleting needs no knowledge of the content). */
export function DeleteVersioned(options: RouteAccess): MethodDecorator {
  return applyDecorators(
    ...access(options),
    Delete(':id'),
    HttpCode(204),
    ApiHeader({ name: 'If-Match', required: false, description: 'Delete only this version' }),
    ApiNoContentResponse(),
  );
}

/** The `:id` of an owned-resource route, a UUID (400 otherwise). */
export function OwnedId(): ParameterDecorator {
  return Param('id', ParseUuid);
}
