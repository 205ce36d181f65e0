import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';

export class TokenResponseDto {
  @ApiProperty({
    enum: ['Bearer', 'Cookie'],
    description: 'Cookie: the tokens are in HttpOnly cookies',
  })
  tokenType!: 'Bearer' | 'Cookie';

  @ApiProperty({ description: 'Lifetime of the access token, in seconds', example: 900 })
  expiresIn!: number;

  @ApiPropertyOptional({ description: 'Bearer delivery only' })
  accessToken?: string;

  @ApiPropertyOptional({
    description: 'Bearer delivery only. Single use: each refresh returns a new one',
  })
  refreshToken?: string;

  @ApiProperty({ format: 'date-time' })
  refreshTokenExpiresAt!: string;

  @ApiPropertyOptional({
    description: 'Cookie delivery only: send it back as X-CSRF-Token on unsafe requests',
  })
  csrfToken?: string;
}

/** RFC 6749 §4.3 (password) and §6 (refresh) grants, form-encoded: what Swagger's Authorize sends. */
export class OAuthTokenRequestDto {
  @ApiProperty({ enum: ['password', 'refresh_token'] })
  @IsIn(['password', 'refresh_token'])
  grant_type!: 'password' | 'refresh_token';

  @ApiPropertyOptional({ description: 'The email (password grant)' })
  @PatchOptional()
  @IsString()
  @MaxLength(254)
  username?: string;

  @ApiPropertyOptional({ description: 'password grant' })
  @PatchOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ description: 'refresh_token grant' })
  @PatchOptional()
  @IsString()
  @MaxLength(200)
  refresh_token?: string;

  @ApiPropertyOptional({ description: "Ignored: user tokens carry the user's rights" })
  @PatchOptional()
  @IsString()
  @MaxLength(1000)
  scope?: string;

  @ApiPropertyOptional({ description: 'Ignored (public client)' })
  @PatchOptional()
  @IsString()
  @MaxLength(200)
  client_id?: string;
}

export class OAuthTokenResponseDto {
  @ApiProperty()
  access_token!: string;

  @ApiProperty({ example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 900 })
  expires_in!: number;

  @ApiProperty()
  refresh_token!: string;
}

export class AcceptedDto {
  @ApiProperty()
  message!: string;
}
