import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from 'src/modules/health/health.controller';
import { HealthService } from 'src/modules/health/health.service';
import { LivenessRoute } from 'src/modules/health/liveness.route';
import { DatabaseHealthIndicator } from 'src/modules/health/indicators/database.health';
import { MigrationsHealthIndicator } from 'src/modules/health/indicators/migrations.health';
import { RedisHealthIndicator } from 'src/modules/health/indicators/redis.health';
import { ShutdownHealthIndicator } from 'src/modules/health/indicators/shutdown.health';

@Module({
  // The error filter logs every failed check as a 503; terminus's own log line would repeat it.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    HealthService,
    LivenessRoute,
    ShutdownHealthIndicator,
    DatabaseHealthIndicator,
    MigrationsHealthIndicator,
    RedisHealthIndicator,
  ],
})
export class HealthModule {}
