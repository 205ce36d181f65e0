import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { DatabaseModule } from 'src/platform/database/database.module';
import { ErrorsModule } from 'src/platform/errors/errors.module';
import { AppLogger } from 'src/platform/logging/app-logger';
import { LoggingModule } from 'src/platform/logging/logging.module';
import { MetricsPlatformModule } from 'src/platform/metrics/metrics.module';
import { HandlerDrainModule, LifecycleModule } from 'src/platform/lifecycle/lifecycle.module';
import { HealthModule } from 'src/modules/health/health.module';
import { MetricsModule } from 'src/modules/metrics/metrics.module';
import { UsersModule } from 'src/modules/users/users.module';
import { DemoModule } from 'src/modules/demo/demo.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        LifecycleModule,
        HandlerDrainModule,
        ErrorsModule,
        MetricsPlatformModule,
        DatabaseModule.forRoot(config, databaseUrl),
        HealthModule,
        MetricsModule,
        UsersModule,
        DemoModule,
      ],
    };
  }
}
