import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from 'src/platform/clock/clock';

@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {
  /** The same module with a given clock: end-to-end tests move time past a window. */
  static using(clock: Clock | undefined): DynamicModule {
    if (!clock) return { module: ClockModule };
    return {
      module: ClockModule,
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}
