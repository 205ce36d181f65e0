import { ApiProperty } from '@nestjs/swagger';
import { TOKEN_DELIVERIES, TokenDelivery } from 'src/modules/auth/sessions/entities/session.entity';

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The session of the token making this request' })
  current!: boolean;

  @ApiProperty({ enum: TOKEN_DELIVERIES })
  delivery!: TokenDelivery;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Last login or refresh' })
  lastUsedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Absolute end of the session' })
  expiresAt!: string;
}
