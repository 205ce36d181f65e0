export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is making the request, once authentication has succeeded. Set on the Fastify request by
 * the authentication guard; read by everything downstream that needs "who" without knowing
 * how they proved it (rate limiting, audit, ownership checks).
 */
export interface Principal {
  /** A person with an access token, or a machine client with an API key. */
  kind: 'user' | 'apiKey';
  /** The user the request acts for (an API key acts for the user who created it). */
  userId: string;
  role: Role;
  /** The session (refresh-token family) an access token belongs to. */
  sessionId?: string;
  apiKeyId?: string;
  /** `resource:action` scopes an API key was granted; absent for user tokens. */
  scopes?: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
