import { Global, Module } from '@nestjs/common';
import { RedisConnection } from 'src/platform/redis/redis-connection';

/**
 * The shared Redis client (absent without REDIS_URL). Global; AppModule registers it before
 * the lifecycle module so that it closes after running handlers have finished.
 */
@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
