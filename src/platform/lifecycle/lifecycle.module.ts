import { Global, Module } from '@nestjs/common';
import { HandlerDrain } from 'src/platform/lifecycle/handler-drain';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

@Global()
@Module({ providers: [ShutdownState, HandlerDrain], exports: [ShutdownState, HandlerDrain] })
export class LifecycleModule {}
