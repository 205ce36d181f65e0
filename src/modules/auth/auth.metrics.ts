import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

/** Security signals an operator alerts on. */
@Injectable()
export class AuthMetrics {
  readonly logins: Counter<'outcome'>;
  readonly lockouts: Counter;
  readonly refreshTokenReuse: Counter;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.logins = new Counter({
      name: 'auth_logins_total',
      help: 'Login attempts by outcome (success, failure)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.lockouts = new Counter({
      name: 'auth_lockouts_total',
      help: 'Accounts temporarily locked after repeated failed logins',
      registers,
    });
    this.refreshTokenReuse = new Counter({
      name: 'auth_refresh_token_reuse_total',
      help: 'Refresh tokens presented again after use (the session was revoked)',
      registers,
    });
  }
}
