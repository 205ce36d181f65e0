import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, FieldError } from 'src/platform/errors/app.exception';

/**
 * Names an object has without owning them (`constructor`, `toString`, `hasOwnProperty`…).
 * forbidNonWhitelisted misses them as field names: class-transformer drops `constructor`, and
 * class-validator looks the others up in a plain object of the DTO's properties, where they
 * are found on its prototype, so `{"toString": 1}` passed as a known field.
 */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** DTO validation for every route: unknown fields refused, values transformed to their types. */
class AppValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const errors = inheritedNames(value);
      if (errors.length > 0) return Promise.reject(invalid(errors));
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}

function invalid(errors: FieldError[]): AppException {
  return new AppException('VALIDATION_FAILED', 'One or more fields are invalid', { errors });
}

/** Every field of a JSON value (at any depth) named like an inherited member, as forbidNonWhitelisted words it. */
function inheritedNames(value: unknown, parent = ''): FieldError[] {
  if (!value || typeof value !== 'object') return [];
  const entries = Array.isArray(value)
    ? value.map((item, index): [string, unknown] => [String(index), item])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => {
    const field = parent ? `${parent}.${key}` : key;
    const own =
      !Array.isArray(value) && INHERITED_NAMES.has(key)
        ? [{ field, messages: [`property ${key} should not exist`] }]
        : [];
    return [...own, ...inheritedNames(item, field)];
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
