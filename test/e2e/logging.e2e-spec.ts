import { ErrorProbeModule } from 'test/support/error-probe.module';
import { startTestApp, TestApp } from 'test/support/test-app';

interface LogLine {
  level: string;
  message: string;
  requestId?: string;
  [key: string]: unknown;
}

describe('structured logs', () => {
  let ctx: TestApp;
  const lines: LogLine[] = [];
  const capture = { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };

  beforeAll(async () => {
    ctx = await startTestApp({ LOG_LEVEL: 'info' }, [ErrorProbeModule], capture);
  });

  afterAll(async () => {
    await ctx.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it('writes one access line per request, with the route template and request id', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/error-probe/items/4711?token=abc',
      headers: { 'x-request-id': 'trace-access-1', authorization: 'Bearer should-not-appear' },
    });
    expect(response.statusCode).toBe(200);
    const access = lines.filter((line) => line.message === 'request completed');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 'info',
      requestId: 'trace-access-1',
      method: 'GET',
      route: '/api/v1/error-probe/items/:id',
      status: 200,
    });
    expect(typeof access[0].durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('should-not-appear');
    expect(JSON.stringify(lines)).not.toContain('4711');
  });

  it('binds the request id to lines written while serving, and redacts secrets at any depth', async () => {
    await ctx.inject({
      method: 'GET',
      url: '/api/v1/error-probe/items/1',
      headers: { 'x-request-id': 'trace-redact-1' },
    });
    const probe = lines.find((line) => line.probe === 'nested secrets');
    expect(probe).toMatchObject({
      requestId: 'trace-redact-1',
      context: 'Probe',
      user: { email: '[REDACTED]', password: '[REDACTED]', apiKey: '[REDACTED]' },
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' },
      tokens: '[REDACTED]',
    });
    const serialized = JSON.stringify(lines);
    for (const secret of ['hunter2-pass', 'llk_live_123', 'eyJ.secret.sig', 'sid=abc', 'rt-999']) {
      expect(serialized).not.toContain(secret);
    }
  });

  it('names the authenticated user on lines written after authentication and on the access line', async () => {
    await ctx.inject({
      method: 'GET',
      url: '/api/v1/error-probe/as-user',
      headers: { 'x-request-id': 'trace-user-1' },
    });
    expect(lines.find((line) => line.message === 'acting as a user')).toMatchObject({
      requestId: 'trace-user-1',
      userId: 'user-4242',
    });
    expect(lines.find((line) => line.message === 'request completed')).toMatchObject({
      requestId: 'trace-user-1',
      userId: 'user-4242',
      route: '/api/v1/error-probe/as-user',
    });
  });

  it('logs an unexpected error with its stack and request id, and marks the access line', async () => {
    await ctx.inject({
      method: 'GET',
      url: '/api/v1/error-probe/crash',
      headers: { 'x-request-id': 'trace-crash-1' },
    });
    const errorLine = lines.find((line) => line.context === 'Errors');
    expect(errorLine).toMatchObject({ level: 'error', requestId: 'trace-crash-1' });
    expect(String(errorLine!.stack)).toContain('ErrorProbeController.crash');
    expect(lines.find((line) => line.message === 'request failed')).toMatchObject({
      status: 500,
      route: '/api/v1/error-probe/crash',
    });
  });
});
