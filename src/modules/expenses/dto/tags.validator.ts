import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { tagProblem } from 'src/modules/expenses/expense-values';

/** Every element is a tag the normaliser accepts (see normaliseTag). */
export function IsTagList(validationOptions?: ValidationOptions): PropertyDecorator {
  const problem = (value: unknown): string | undefined =>
    Array.isArray(value) ? value.map(tagProblem).find((found) => found !== undefined) : undefined;
  return (target, propertyName) => {
    registerDecorator({
      name: 'isTagList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'tags'}: ${problem(args?.value) ?? 'invalid tag'}`,
      },
    });
  };
}

/** One tag (a query parameter). */
export function IsTag(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isTag',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => tagProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'tag'}: ${tagProblem(args?.value)?.replace('each tag', 'a tag') ?? 'invalid tag'}`,
      },
    });
  };
}
