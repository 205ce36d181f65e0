import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from 'src/platform/errors/error-catalogue';

export class FieldErrorDto {
  @ApiProperty({ example: 'amount' })
  field!: string;

  @ApiProperty({ type: [String], example: ['amount must be a decimal string'] })
  messages!: string[];
}

/** The RFC 9457 body of every error response (see ProblemDetailsFilter). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://ledgerline.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Validation failed' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'One or more fields are invalid' })
  detail!: string;

  @ApiProperty({ example: '/api/v1/expenses' })
  instance!: string;

  @ApiProperty({ enum: Object.keys(ERROR_CATALOGUE), example: 'VALIDATION_FAILED' })
  code!: ErrorCode;

  @ApiProperty({ example: '7f1c2d0e-5b7a-4c1e-9d3b-2a8f6e4c1b90' })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
