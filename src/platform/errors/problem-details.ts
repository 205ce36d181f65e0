import { AppException, FieldError } from 'src/platform/errors/app.exception';
import { ERROR_CATALOGUE, ErrorCode, problemType } from 'src/platform/errors/error-catalogue';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * The RFC 9457 body of an exception: what the filter sends, and what the errors Fastify answers
 * before Nest sees the request (framework-errors.ts) send too.
 */
export function problemDetails(
  exception: AppException,
  instance: string,
  requestId: string,
): ProblemDetails {
  const { status, title } = ERROR_CATALOGUE[exception.code];
  return {
    ...exception.options.extensions,
    type: problemType(exception.code),
    title,
    status,
    detail: exception.detail ?? title,
    instance,
    code: exception.code,
    requestId,
    ...(exception.options.errors ? { errors: exception.options.errors } : {}),
  };
}
