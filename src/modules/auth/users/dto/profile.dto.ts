import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
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

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  emailVerifiedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;
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
