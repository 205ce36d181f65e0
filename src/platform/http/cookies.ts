import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { parse, serialize, SerializeOptions } from 'cookie';
import { FastifyReply, FastifyRequest } from 'fastify';

/** Reads the request's cookies on demand: most requests carry none, and none are parsed then. */
export function requestCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  return header ? parse(header)[name] : undefined;
}

/**
 * What a handler may do to the response's cookies, and nothing else: controllers set cookies
 * without taking the whole reply object (no @Res()).
 */
export class ResponseCookies {
  constructor(private readonly reply: FastifyReply) {}

  set(name: string, value: string, options: SerializeOptions): void {
    void this.reply.header('set-cookie', serialize(name, value, options));
  }

  clear(name: string, options: SerializeOptions): void {
    this.set(name, '', { ...options, maxAge: 0, expires: new Date(0) });
  }
}

export const Cookies = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ResponseCookies =>
    new ResponseCookies(context.switchToHttp().getResponse<FastifyReply>()),
);
