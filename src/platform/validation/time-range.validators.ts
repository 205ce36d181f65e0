import { applyDecorators } from '@nestjs/common';
import {
  IsISO8601,
  Matches,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';

/** Date, time and an explicit offset: an instant means the same wherever the server runs. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant such as `2026-03-01T12:00:00Z` or `2026-03-01T13:00:00+01:00`. */
export function IsInstant(): PropertyDecorator {
  return applyDecorators(
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: ({ property }) => `${property} must be a valid ISO 8601 date and time` },
    ),
    Matches(INSTANT, {
      message: ({ property }) =>
        `${property} must be an ISO 8601 date and time with an offset, e.g. 2026-03-01T12:00:00Z`,
    }),
  );
}

/**
 * The end of a range is not before its start (`property` names the start). Says nothing when
 * either is missing or malformed: the other validators report that.
 */
export function IsNotBefore(property: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property],
      options: {
        message: ({ property: end, constraints }: ValidationArguments) =>
          `${end} must not be before ${String(constraints[0])}`,
        ...options,
      },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const start = (args.object as Record<string, unknown>)[property];
          if (typeof value !== 'string' || typeof start !== 'string') return true;
          const [from, to] = [Date.parse(start), Date.parse(value)];
          return Number.isNaN(from) || Number.isNaN(to) || to >= from;
        },
      },
    });
  };
}
