import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { UNTRACKED_ROUTE } from 'src/platform/lifecycle/handler-tracking';
import { RawRouteDocs } from 'src/platform/openapi/raw-routes';

export const LIVENESS_PATH = '/health/live';
const LIVE = { status: 'ok' } as const;

/**
 * Liveness, answered by Fastify itself: the process is up when its HTTP server answers. It
 * still passes the platform's hooks (request id, security headers, metrics, access log), but
 * not Nest's router, guards and pipes, which have nothing to do for a public probe without
 * input and cost it a third of its throughput (`npm run bench`). No dependency is checked, so
 * a database outage never gets the process restarted.
 */
@Injectable()
export class LivenessRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly docs: RawRouteDocs,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get(LIVENESS_PATH, { config: UNTRACKED_ROUTE }, (_request, reply) => reply.send(LIVE));
    this.docs.describe(LIVENESS_PATH, {
      get: {
        operationId: 'HealthController_live',
        tags: ['health'],
        summary: 'Liveness',
        description:
          'Liveness: the process is up and serving. No dependency is checked, so an outage of ' +
          'the database never gets the process restarted.',
        parameters: [],
        responses: {
          200: {
            description: 'The process is up',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { status: { type: 'string', enum: ['ok'] } },
                  required: ['status'],
                },
              },
            },
          },
        },
      },
    });
  }
}
