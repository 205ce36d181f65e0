import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

export interface ClientInfo {
  /** The client's address (behind a proxy only when TRUST_PROXY says so). */
  ip: string;
  userAgent: string | null;
}

const MAX_USER_AGENT = 256;

export function clientInfoOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}

/** Where a request came from, for sessions and security events. */
export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ClientInfo =>
    clientInfoOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
