import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';
import { TOKEN_DELIVERIES, TokenDelivery } from 'src/modules/auth/sessions/entities/session.entity';

/** Bounds what reaches the password hasher; the policy itself allows up to 256 characters. */
const PASSWORD_INPUT_MAX = 1024;

/**
 * Spaces a keyboard or a paste adds at either end are dropped; nothing else is. (`trim()` would
 * also drop a byte order mark, accepting what the document's `format: email` refuses.)
 */
const normaliseEmail = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase() : value;

/**
 * Control, format (bidirectional overrides, zero-width marks, BOM), private-use and unassigned
 * code points: the email validator's international ranges let them through, and an address
 * holding one displays as another.
 */
const WITHOUT_INVISIBLE_CHARACTERS = /^\P{C}*$/u;

export class EmailDto {
  @ApiProperty({ example: 'marie@example.org', maxLength: 254 })
  @Transform(normaliseEmail)
  @IsString()
  @MaxLength(254)
  @Matches(WITHOUT_INVISIBLE_CHARACTERS, {
    message: 'email must not contain control, format or invisible characters',
  })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}

export class RegisterDto extends EmailDto {
  @ApiProperty({
    minLength: 12,
    maxLength: 256,
    description: 'At least 12 characters; not a common password',
  })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;

  @ApiProperty({ example: 'Marie', maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;
}

export class LoginDto extends EmailDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;

  @ApiPropertyOptional({
    enum: TOKEN_DELIVERIES,
    default: 'bearer',
    description:
      'bearer: tokens in the body; cookie: HttpOnly cookies plus a CSRF token (browsers)',
  })
  @PatchOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery: TokenDelivery = 'bearer';
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'Omit when the refresh token is in its cookie' })
  @PatchOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class TokenDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;
}

export class ResetPasswordDto extends TokenDto {
  @ApiProperty({ minLength: 12, maxLength: 256 })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  newPassword!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 256 })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  newPassword!: string;
}

export class ConfirmPasswordDto {
  @ApiProperty({ description: 'The current password, to confirm' })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;
}
