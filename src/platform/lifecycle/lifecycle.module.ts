import { Global, Module } from '@nestjs/common';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class LifecycleModule {}
