import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';
import { IsCurrencyCode } from 'src/platform/money/money.validators';
import { Role, ROLES } from 'src/platform/security/principal';
import { USER_STATUSES, UserStatus } from 'src/modules/auth/users/entities/user.entity';

export class ProfileDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'marie@example.org' })
  email!: string;

  @ApiProperty({ example: 'Marie' })
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({
    example: 'EUR',
    description: 'ISO 4217 code of the currency totals and budgets are kept in',
  })
  baseCurrency!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  emailVerifiedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @PatchOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({
    example: 'EUR',
    description:
      'ISO 4217 code. Changing it re-converts every expense in the same transaction, with the ' +
      'reference rate of its date (a rate you set on an expense was for the old base currency ' +
      'and is dropped; where no reference rate exists the expense shows fx.status "missing")',
  })
  @PatchOptional()
  @IsCurrencyCode()
  baseCurrency?: string;
}

/** What an administrator sees of an account. */
export class AdminUserDto extends ProfileDto {
  @ApiProperty({ enum: USER_STATUSES })
  status!: UserStatus;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while a lockout lasts',
  })
  lockedUntil!: string | null;
}
