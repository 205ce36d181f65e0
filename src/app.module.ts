import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { DatabaseModule } from 'src/platform/database/database.module';
import { ErrorsModule } from 'src/platform/errors/errors.module';
import { OpenApiModule } from 'src/platform/openapi/raw-routes';
import { AppLogger } from 'src/platform/logging/app-logger';
import { LoggingModule } from 'src/platform/logging/logging.module';
import { MetricsPlatformModule } from 'src/platform/metrics/metrics.module';
import { LifecycleModule } from 'src/platform/lifecycle/lifecycle.module';
import { RateLimitModule } from 'src/platform/rate-limit/rate-limit.module';
import { RedisModule } from 'src/platform/redis/redis.module';
import { MailModule } from 'src/platform/mail/mail.module';
import { JobsModule } from 'src/platform/jobs/jobs.module';
import { ShutdownSequenceModule } from 'src/platform/lifecycle/shutdown-sequence';
import { Clock } from 'src/platform/clock/clock';
import { ClockModule } from 'src/platform/clock/clock.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuditRetentionModule } from 'src/modules/audit/retention/audit-retention.module';
import { HealthModule } from 'src/modules/health/health.module';
import { MetricsModule } from 'src/modules/metrics/metrics.module';
import { AuthModule } from 'src/modules/auth/auth.module';
import { DemoModule } from 'src/modules/demo/demo.module';
import { ExpensesModule } from 'src/modules/expenses/expenses.module';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    databaseUrl: string,
    logger: AppLogger,
    clock?: Clock,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        // Before LifecycleModule: Nest shuts global modules down in reverse order of
        // registration, so Redis closes only after running handlers have been waited for.
        RedisModule,
        LifecycleModule,
        ClockModule.using(clock),
        ErrorsModule,
        OpenApiModule,
        MetricsPlatformModule,
        DatabaseModule.forRoot(config, databaseUrl),
        MailModule,
        JobsModule.forRoot(databaseUrl),
        ShutdownSequenceModule,
        HealthModule,
        MetricsModule,
        AuditModule,
        AuditRetentionModule,
        AuthModule,
        ExpensesModule,
        DemoModule,
        // Last: global guards run in import order, and the limiter needs the principal that
        // the authentication guard sets.
        RateLimitModule,
      ],
    };
  }
}
