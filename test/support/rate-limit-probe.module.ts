import { Controller, Get, Injectable, Module, OnModuleInit, Post } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimit, SkipRateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Public } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';

/** `user:<id>`, `admin:<id>` or `apikey:<keyId>:<userId>`: who a test request claims to be. */
export const TEST_PRINCIPAL_HEADER = 'x-test-principal';

export function principalFromHeader(value: string | undefined): Principal | undefined {
  const [kind, id, userId] = (value ?? '').split(':');
  if (!id) return undefined;
  if (kind === 'user') return { kind: 'user', userId: id, role: 'user' };
  if (kind === 'admin') return { kind: 'user', userId: id, role: 'admin' };
  if (kind === 'apikey' && userId) {
    return { kind: 'apiKey', apiKeyId: id, userId, role: 'user', scopes: [] };
  }
  return undefined;
}

/**
 * Stands in for the authentication guard: sets `request.principal` before any Nest guard runs,
 * as the real one will by running before the limiter.
 */
@Injectable()
class TestAuthentication implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
      const header = request.headers[TEST_PRINCIPAL_HEADER];
      request.principal = principalFromHeader(typeof header === 'string' ? header : undefined);
      done();
    });
  }
}

/**
 * One route per way of choosing a tier (e2e tests only). Public, so the authentication guard
 * leaves alone the principal that TestAuthentication set.
 */
@Public()
@Controller('rate-limit-probe')
class RateLimitProbeController {
  @Get('default')
  byCaller(): { tier: string } {
    return { tier: 'caller default' };
  }

  @Get('other-default')
  otherByCaller(): { tier: string } {
    return { tier: 'caller default' };
  }

  @RateLimit('search')
  @Get('search')
  search(): { tier: string } {
    return { tier: 'search' };
  }

  @RateLimit('login')
  @Post('login')
  login(): { tier: string } {
    return { tier: 'login' };
  }

  @SkipRateLimit()
  @Get('unlimited')
  unlimited(): { tier: string } {
    return { tier: 'none' };
  }
}

@Module({ controllers: [RateLimitProbeController], providers: [TestAuthentication] })
export class RateLimitProbeModule {}
