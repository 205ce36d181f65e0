import { SecuritySchemeObject } from '@nestjs/swagger';

/**
 * Names of the security schemes the document declares. Routes reference them (through the
 * authentication decorators) by these names, never by string literals of their own.
 */
export const OAUTH2_SCHEME = 'oauth2';
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

export const API_KEY_HEADER = 'X-API-Key';
export const TOKEN_URL = '/api/v1/auth/token';

/** Swagger UI's "Authorize" logs in with the password flow and then sends the bearer token. */
export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  [OAUTH2_SCHEME]: {
    type: 'oauth2',
    description: 'Log in with email and password; the access token is sent as a bearer token.',
    flows: { password: { tokenUrl: TOKEN_URL, scopes: {} } },
  },
  [BEARER_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from the token endpoint.',
  },
  [API_KEY_SCHEME]: {
    type: 'apiKey',
    in: 'header',
    name: API_KEY_HEADER,
    description: 'An API key for machine clients, with the scopes it was granted.',
  },
};
