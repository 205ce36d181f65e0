import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isCalendarDate } from 'src/platform/dates/calendar-date';

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 and 2026-2-3 are refused). */
export function IsCalendarDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a real calendar date written YYYY-MM-DD`,
      },
    });
  };
}

/**
 * A calendar date from `earliest` to `latest` (inclusive). Silent for values that are not
 * dates at all: @IsCalendarDate says so.
 */
export function IsCalendarDateWithin(
  earliest: string,
  latest: string,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCalendarDateWithin',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      constraints: [earliest, latest],
      validator: {
        validate: (value: unknown) =>
          !isCalendarDate(value) || (value >= earliest && value <= latest),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be from ${earliest} to ${latest}`,
      },
    });
  };
}
