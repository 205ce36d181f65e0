import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto } from 'src/platform/money/money.dto';
import { ExpenseImportResponseDto } from 'src/modules/expenses/import/dto/expense-import-response.dto';
import { DuplicateReason } from 'src/modules/expenses/import/import-plan';

const DUPLICATE_REASONS: readonly DuplicateReason[] = [
  'already-imported',
  'matches-existing-expense',
  'repeated-in-file',
];

export class ImportFileDto {
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty()
  sizeBytes!: number;

  @ApiProperty({ description: 'Hex SHA-256 of the file as sent' })
  sha256!: string;
}

export class ImportTotalsDto {
  @ApiProperty({ description: 'Data rows in the file' })
  rows!: number;

  @ApiProperty({ description: 'Expenses created (a dry run: that would be created)' })
  toCreate!: number;

  @ApiProperty()
  duplicates!: number;

  @ApiProperty({ description: 'Rows left out on purpose (negative amounts, when skipped)' })
  skipped!: number;

  @ApiProperty({ description: 'Rows with at least one error' })
  errors!: number;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Line in the file; the header is line 1' })
  line!: number;

  @ApiProperty({
    example: 'amount',
    description: 'date, amount, currency, payee, category, note, or row (the row as a whole)',
  })
  field!: string;

  @ApiProperty()
  message!: string;
}

export class ImportDuplicateDto {
  @ApiProperty()
  line!: number;

  @ApiProperty({
    enum: DUPLICATE_REASONS,
    description:
      '`already-imported`: an earlier import created this row (importId). ' +
      '`matches-existing-expense`: you already have as many expenses with this date, amount, ' +
      'currency and payee as the file has rows like it up to here. `repeated-in-file`: the ' +
      'file has this row already (firstLine).',
  })
  reason!: DuplicateReason;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  importId!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  firstLine!: number | null;
}

export class ImportSkippedRowDto {
  @ApiProperty()
  line!: number;

  @ApiProperty({ enum: ['negative-amount'] })
  reason!: 'negative-amount';
}

export class ImportSampleRowDto {
  @ApiProperty()
  line!: number;

  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty({ type: MoneyDto })
  amount!: MoneyDto;

  @ApiProperty({ type: String, nullable: true })
  payee!: string | null;

  @ApiProperty({ description: 'The category it goes to (`Parent / Name` for a sub-category)' })
  category!: string;

  @ApiProperty({ description: 'True when the import creates that category' })
  newCategory!: boolean;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}

/**
 * What an import does (a dry run) or did (a commit) with each row. The lists hold at most
 * LIST_LIMIT entries each, in file order; `truncated` says one was cut, the totals count all.
 */
export class ExpenseImportReportDto {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({
    type: ExpenseImportResponseDto,
    nullable: true,
    description: 'The import created by a commit; null for a dry run',
  })
  import!: ExpenseImportResponseDto | null;

  @ApiProperty({ type: ImportFileDto })
  file!: ImportFileDto;

  @ApiProperty({ type: ImportTotalsDto })
  totals!: ImportTotalsDto;

  @ApiProperty({ type: [ImportRowErrorDto] })
  errors!: ImportRowErrorDto[];

  @ApiProperty({ type: [ImportDuplicateDto] })
  duplicates!: ImportDuplicateDto[];

  @ApiProperty({ type: [ImportSkippedRowDto] })
  skipped!: ImportSkippedRowDto[];

  @ApiProperty({ type: [String], description: 'Categories the import creates (or created)' })
  newCategories!: string[];

  @ApiProperty({
    type: [ImportSampleRowDto],
    description: 'The first rows that become expenses, to check the mapping by',
  })
  sample!: ImportSampleRowDto[];

  @ApiProperty({ description: 'True when a list above was cut short' })
  truncated!: boolean;
}
