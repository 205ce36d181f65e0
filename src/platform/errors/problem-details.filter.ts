import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';
import { mapDatabaseError } from 'src/platform/errors/database-error.mapper';
import { ErrorCode } from 'src/platform/errors/error-catalogue';
import { problemDetails } from 'src/platform/errors/problem-details';
import { mapHealthCheckError } from 'src/platform/errors/health-check-error.mapper';
import { RouteIndex } from 'src/platform/errors/route-index';
import { answerBeforeUnreadBody } from 'src/platform/http/unread-body';
import { describeError } from 'src/platform/logging/safe-error';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/**
 * Renders every error as RFC 9457 problem+json with a stable code and the request id. Only
 * messages written for clients are shown; everything else becomes a generic detail and the
 * original goes to the log (with stack for 5xx).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly routes: RouteIndex,
    private readonly metrics: MetricsRegistry,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const path = request.url.split('?')[0] ?? '/';
    const exception = this.toAppException(error, request.method, path);
    const problem = problemDetails(exception, echoable(path), String(request.id));
    const { status } = problem;

    this.metrics.errors.inc({ code: exception.code });
    if (status >= 500) {
      // A database error's message and detail can quote row values: only their safe part.
      const { stack, ...err } = describeError(error);
      this.logger.error(
        { requestId: problem.requestId, code: problem.code, detail: problem.detail, err },
        stack,
      );
    }
    if (exception.options.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(exception.options.retryAfterSeconds));
    }
    for (const [name, value] of Object.entries(exception.options.headers ?? {})) {
      void reply.header(name, value);
    }
    answerBeforeUnreadBody(request, reply);
    void reply.status(status).header('content-type', 'application/problem+json').send(problem);
  }

  private toAppException(error: unknown, method: string, path: string): AppException {
    if (error instanceof AppException) return error;
    const mapped = mapDatabaseError(error) ?? mapHealthCheckError(error);
    if (mapped) return mapped;
    // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException.
    const fastifyCode = fastifyErrorCode(error);
    if (fastifyCode) return new AppException(fastifyCode);
    if (error instanceof HttpException) return this.fromHttpException(error, method, path);
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (error instanceof SyntaxError && statusCode === 400)
      return new AppException('MALFORMED_JSON');
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return new AppException(CODE_BY_STATUS[statusCode] ?? 'BAD_REQUEST');
    }
    return new AppException('INTERNAL_ERROR', 'An unexpected error occurred', { cause: error });
  }

  private fromHttpException(error: HttpException, method: string, path: string): AppException {
    const status = error.getStatus();
    if (status === 404 && this.isRouteMiss(error)) {
      const allowed = this.routes.allowedMethods(path);
      if (allowed.length > 0) {
        return new AppException('METHOD_NOT_ALLOWED', `${method} is not allowed here`, {
          headers: { allow: allowed.join(', ') },
        });
      }
      return new AppException('ROUTE_NOT_FOUND', `No route for ${method} ${echoable(path)}`);
    }
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    const message = status < 500 ? clientMessage(error) : undefined;
    return new AppException(code, message);
  }

  /** Nest's router answers unknown routes with a NotFoundException "Cannot GET /path". */
  private isRouteMiss(error: HttpException): boolean {
    return /^Cannot [A-Z]+ /.test(error.message);
  }
}

/**
 * Every route of ours fits in this; a longer path is a client's junk (or a probe for
 * reflection), not worth sending back whole in `instance` and `detail`.
 */
const MAX_ECHOED_PATH = 256;

function echoable(path: string): string {
  return path.length > MAX_ECHOED_PATH ? `${path.slice(0, MAX_ECHOED_PATH)}…` : path;
}

function fastifyErrorCode(error: unknown): ErrorCode | undefined {
  const candidates = [error, (error as { cause?: unknown }).cause];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && code in FASTIFY_CODES) return FASTIFY_CODES[code];
  }
  return undefined;
}

function clientMessage(error: HttpException): string | undefined {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}
