import { ErrorCode } from 'src/platform/errors/error-catalogue';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `amount` or `items.0.currency`. */
  field: string;
  messages: string[];
}

export interface AppExceptionOptions {
  errors?: FieldError[];
  /** Seconds the client should wait before retrying (429 and 503). */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
  /** RFC 9457 extension members added to the body; they never replace a standard member. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** What services throw: a stable code from the catalogue and a message safe for clients. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly options: AppExceptionOptions = {},
  ) {
    super(detail ?? code, { cause: options.cause });
    this.name = 'AppException';
  }
}
