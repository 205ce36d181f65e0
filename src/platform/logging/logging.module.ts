import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppLogger } from 'src/platform/logging/app-logger';

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: AppLogger, useValue: logger }],
      exports: [AppLogger],
    };
  }
}
