import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsDate,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';

export const SCOPE_PATTERN = /^[a-z][a-z-]*:[a-z][a-z-]*$/;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Budget export script', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    example: ['expenses:read'],
    description: 'resource:action scopes the key may use',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SCOPE_PATTERN, { each: true, message: 'each scope must look like resource:action' })
  scopes!: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the key stops working (ISO 8601); absent or null: never',
  })
  @PatchOptional({ nullable: true })
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: Date | null;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'llk_Ab3dE9xQ', description: 'The start of the key, to tell keys apart' })
  prefix!: string;

  @ApiProperty({ type: [String] })
  scopes!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Updated about once a minute',
  })
  lastUsedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself. Shown this once; only its hash is stored.' })
  key!: string;
}

export class ScopesDto {
  @ApiProperty({ type: [String], example: ['expenses:read', 'expenses:write'] })
  scopes!: string[];
}
