import { Global, Module } from '@nestjs/common';
import { HandlerDrain } from 'src/platform/lifecycle/handler-drain';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class LifecycleModule {}

/**
 * Nest runs the shutdown hooks module by module, those nearest the root first and global
 * modules last, TypeORM's (which closes the pool) among them. Not global and imported by the
 * root module, the drain therefore runs before the pool closes.
 */
@Module({ providers: [HandlerDrain] })
export class HandlerDrainModule {}
