import { ApiProperty } from '@nestjs/swagger';
import {
  IMPORT_STATUSES,
  ImportStatus,
} from 'src/modules/expenses/import/entities/expense-import.entity';

/** A committed import. */
export class ExpenseImportResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    enum: IMPORT_STATUSES,
    description: '`undone`: its expenses were deleted and its rows may be imported again',
  })
  status!: ImportStatus;

  @ApiProperty({ type: String, nullable: true })
  fileName!: string | null;

  @ApiProperty({ example: 52_431 })
  fileSizeBytes!: number;

  @ApiProperty({ description: 'Hex SHA-256 of the file as sent' })
  fileSha256!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The mapping and formats the file was read with (the query it was sent with)',
  })
  options!: Record<string, string>;

  @ApiProperty({ description: 'Data rows in the file' })
  rows!: number;

  @ApiProperty({ description: 'Expenses created' })
  created!: number;

  @ApiProperty({ description: 'Rows skipped as duplicates' })
  duplicates!: number;

  @ApiProperty({ description: 'Rows left out on purpose (negative amounts, when skipped)' })
  skipped!: number;

  @ApiProperty({ type: [String], description: 'Categories the import created' })
  createdCategories!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  undoneAt!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Expenses the undo deleted (fewer than created if some were deleted before)',
  })
  deleted!: number | null;
}
