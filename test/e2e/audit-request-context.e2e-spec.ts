import { Controller, Module, Post } from '@nestjs/common';
import { Client } from 'pg';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuditService } from 'src/modules/audit/audit.service';
import { RecordedAuditEvent } from 'src/modules/audit/audit.types';
import { withDatabase } from 'test/support/database';
import { startTestApp, TestApp } from 'test/support/test-app';
import { Public } from 'src/platform/security/access.decorators';

@Public()
@Controller('audit-probe')
class AuditProbeController {
  constructor(private readonly audit: AuditService) {}

  @Post()
  record(): Promise<RecordedAuditEvent> {
    return this.audit.recordStandalone({ action: 'probe.recorded', resourceType: 'probe' });
  }
}

@Module({ imports: [AuditModule], controllers: [AuditProbeController] })
class AuditProbeModule {}

interface StoredOrigin {
  actor_type: string;
  request_id: string;
  ip: string;
  user_agent: string;
}

describe('audit events recorded while serving a request', () => {
  const apps: TestApp[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  async function recordThrough(
    env: NodeJS.ProcessEnv,
    headers: Record<string, string>,
  ): Promise<StoredOrigin> {
    const ctx = await startTestApp(env, [AuditProbeModule]);
    apps.push(ctx);
    const response = await ctx.inject({ method: 'POST', url: '/api/v1/audit-probe', headers });
    expect(response.statusCode).toBe(201);
    const { id } = response.json<RecordedAuditEvent>();
    return withDatabase(ctx.database.url, async (client: Client) => {
      const result = await client.query<StoredOrigin>(
        'SELECT actor_type, request_id, ip, user_agent FROM audit_events WHERE id = $1',
        [id],
      );
      return result.rows[0];
    });
  }

  it('carry the request id, client address and user agent, anonymous before authentication', async () => {
    const stored = await recordThrough(
      {},
      { 'x-request-id': 'trace-audit-1', 'user-agent': 'ledgerline-tests/1.0' },
    );
    expect(stored).toEqual({
      actor_type: 'anonymous',
      request_id: 'trace-audit-1',
      ip: '127.0.0.1',
      user_agent: 'ledgerline-tests/1.0',
    });
  });

  it('take the client address from X-Forwarded-For only behind a trusted proxy', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'ua' };
    expect((await recordThrough({ TRUST_PROXY: 'true' }, forwarded)).ip).toBe('203.0.113.9');
    expect((await recordThrough({ TRUST_PROXY: 'false' }, forwarded)).ip).toBe('127.0.0.1');
  });
});
