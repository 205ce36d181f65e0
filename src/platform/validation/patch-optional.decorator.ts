import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';

export interface PatchOptionalOptions {
  /** `null` is a value of the field (it clears it), documented `nullable` in the schema. */
  nullable?: boolean;
}

/**
 * A body field that may be absent. class-validator's IsOptional also lets `null` skip every
 * other validator, so `{"displayName": null}` reached a NOT NULL column (a 500) and the
 * document, which does not call such fields nullable, disagreed with what was accepted. Here
 * `null` is validated like any other value (and refused by IsString, IsInt, IsBoolean...)
 * unless the field is declared nullable, which also says so in the OpenAPI schema.
 */
export function PatchOptional(options: PatchOptionalOptions = {}): PropertyDecorator {
  if (!options.nullable) return ValidateIf((_object, value) => value !== undefined);
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined && value !== null),
    ApiProperty({ required: false, nullable: true }),
  );
}
