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
