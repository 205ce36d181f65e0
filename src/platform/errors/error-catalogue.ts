/**
 * Every error code a client can receive, with its HTTP status and title. Codes are stable:
 * clients branch on them. A code cannot exist without a status (the type enforces it).
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
  BODY_TOO_COMPLEX: { status: 400, title: 'Body nested too deeply or too large in members' },
  ACCOUNT_TOKEN_INVALID: { status: 400, title: 'Link invalid or expired' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  AUTH_TOKEN_INVALID: { status: 401, title: 'Access token invalid or expired' },
  AUTH_REFRESH_TOKEN_INVALID: { status: 401, title: 'Refresh token invalid or expired' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  INSUFFICIENT_SCOPE: { status: 403, title: 'API key lacks the required scope' },
  CSRF_REJECTED: { status: 403, title: 'Cross-site request refused' },
  HOST_NOT_ALLOWED: { status: 421, title: 'Host not served here' },
  NOT_FOUND: { status: 404, title: 'Resource not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  CONFLICT: { status: 409, title: 'Conflict' },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
  },
  ALREADY_EXISTS: { status: 409, title: 'Resource already exists' },
  REFERENCED_RESOURCE_CONFLICT: { status: 409, title: 'Conflicts with a related resource' },
  PRECONDITION_FAILED: { status: 412, title: 'The resource has changed (If-Match)' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  URI_TOO_LONG: { status: 414, title: 'URI too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  UNPROCESSABLE: { status: 422, title: 'Unprocessable request' },
  REFERENCED_RESOURCE_NOT_FOUND: { status: 422, title: 'A referenced resource does not exist' },
  RESOURCE_ARCHIVED: { status: 422, title: 'The referenced resource is archived' },
  IMPORT_ROWS_INVALID: { status: 422, title: 'Rows of the file are invalid; nothing was imported' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was used with a different request',
  },
  PRECONDITION_REQUIRED: { status: 428, title: 'If-Match is required' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  UPSTREAM_INVALID_RESPONSE: { status: 502, title: 'An upstream source sent an invalid response' },
  DEPENDENCY_UNAVAILABLE: { status: 503, title: 'A dependency is unavailable' },
  SHUTTING_DOWN: { status: 503, title: 'Server is shutting down' },
  MAIL_DELIVERY_FAILED: { status: 503, title: 'Mail could not be sent' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const PROBLEM_TYPE_BASE = 'https://ledgerline.dev/problems/';

export function problemType(code: ErrorCode): string {
  return `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}
