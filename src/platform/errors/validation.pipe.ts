import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, FieldError } from 'src/platform/errors/app.exception';

/** DTO validation for every route: unknown fields refused, values transformed to their types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppException('VALIDATION_FAILED', 'One or more fields are invalid', {
        errors: flatten(errors),
      }),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
