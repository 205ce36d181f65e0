import { Module } from '@nestjs/common';
import { IdempotencyRepository } from 'src/platform/idempotency/idempotency.repository';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';

/** Idempotency-Key support for create routes; modules with such routes import it. */
@Module({
  providers: [IdempotencyRepository, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
