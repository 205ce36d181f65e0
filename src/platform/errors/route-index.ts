import { Injectable } from '@nestjs/common';
import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A copy of the route table that answers "which methods does this path accept?", so a
 * request with the wrong method gets 405 and an Allow header instead of Fastify's 404.
 */
@Injectable()
export class RouteIndex {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });
  private readonly registered: { method: string; url: string }[] = [];

  add(method: string | string[], url: string): void {
    for (const one of Array.isArray(method) ? method : [method]) {
      if ((METHODS as readonly string[]).includes(one)) {
        this.router.on(one as 'GET', url, () => undefined);
        this.registered.push({ method: one, url });
      }
    }
  }

  /** Every route served, e.g. for tests that must cover each one. */
  routes(): readonly { method: string; url: string }[] {
    return this.registered;
  }

  /** Methods with a route for this path; OPTIONS is left out (CORS answers it for any path). */
  allowedMethods(path: string): string[] {
    return METHODS.filter(
      (method) => method !== 'OPTIONS' && this.router.find(method, path) !== null,
    );
  }
}
