import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from 'src/platform/errors/problem-details.filter';
import { RouteIndex } from 'src/platform/errors/route-index';
import { createValidationPipe } from 'src/platform/errors/validation.pipe';

/** The global error contract and input validation, as providers so tests run the same pipeline. */
@Global()
@Module({
  providers: [
    RouteIndex,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
  exports: [RouteIndex],
})
export class ErrorsModule {}
