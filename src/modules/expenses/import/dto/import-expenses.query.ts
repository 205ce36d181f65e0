import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { IsCurrencyCode } from 'src/platform/money/money.validators';
import {
  NEGATIVE_AMOUNT_POLICIES,
  NegativeAmountPolicy,
  UNKNOWN_CATEGORY_POLICIES,
  UnknownCategoryPolicy,
} from 'src/modules/expenses/import/import-plan';
import {
  DATE_FORMATS,
  DateFormat,
  DECIMAL_FORMATS,
  DecimalFormat,
} from 'src/modules/expenses/import/value-formats';

/** Delimiters by name: `;` and a tab are awkward in a query string. */
export const IMPORT_DELIMITER_NAMES = { comma: ',', semicolon: ';', tab: '\t' } as const;
export type ImportDelimiterName = keyof typeof IMPORT_DELIMITER_NAMES;

const COLUMN_NAME_MAX = 200;
/** A header as the file writes it: something visible, no line breaks. */
const COLUMN_NAME = /^(?=.*\S)[^\r\n]+$/;
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

function IsColumnName(): PropertyDecorator {
  return (target, property) => {
    IsString()(target, property);
    MaxLength(COLUMN_NAME_MAX)(target, property);
    Matches(COLUMN_NAME, { message: `${String(property)} must name a column of the header` })(
      target,
      property,
    );
  };
}

/**
 * How to read an import file: which header holds what, how dates and amounts are written, and
 * what to do with refunds and unknown categories. Query parameters, because the body is the
 * file itself.
 */
export class ImportExpensesQuery {
  @ApiPropertyOptional({
    default: true,
    description:
      'true (the default): a preview that writes nothing. false: import, all or nothing ' +
      '(any row error and nothing is written).',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun: boolean = true;

  @ApiPropertyOptional({ maxLength: 255, description: 'A label kept with the import' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Matches(PRINTABLE, { message: 'fileName must not contain control characters' })
  fileName?: string;

  @ApiProperty({ example: 'Date', description: 'The header of the column holding the date' })
  @IsDefined()
  @IsColumnName()
  dateColumn!: string;

  @ApiProperty({ example: 'Amount', description: 'The header of the column holding the amount' })
  @IsDefined()
  @IsColumnName()
  amountColumn!: string;

  @ApiPropertyOptional({
    example: 'Currency',
    description: 'The header of a column of ISO 4217 codes; give this or `currency`',
  })
  @ValidateIf((query: ImportExpensesQuery) => query.currency === undefined)
  @IsDefined({ message: 'give currencyColumn (a column of codes) or currency (one for all rows)' })
  @IsColumnName()
  currencyColumn?: string;

  @ApiPropertyOptional({
    example: 'EUR',
    description: 'The currency of every row, for files without a currency column',
  })
  @IsOptional()
  @IsCurrencyCode()
  @ValidateBy({
    name: 'notBesideCurrencyColumn',
    validator: {
      validate: (_value, args) =>
        (args?.object as ImportExpensesQuery).currencyColumn === undefined,
      defaultMessage: () => 'give currency or currencyColumn, not both',
    },
  })
  currency?: string;

  @ApiPropertyOptional({ example: 'Payee' })
  @IsOptional()
  @IsColumnName()
  payeeColumn?: string;

  @ApiPropertyOptional({
    example: 'Category',
    description:
      'Category names, matched to yours ignoring case; a sub-category as `Parent / Name` or ' +
      'by its name alone when no other sub-category has it',
  })
  @IsOptional()
  @IsColumnName()
  categoryColumn?: string;

  @ApiPropertyOptional({ example: 'Note' })
  @IsOptional()
  @IsColumnName()
  noteColumn?: string;

  @ApiPropertyOptional({ enum: DATE_FORMATS, default: 'YYYY-MM-DD' })
  @IsOptional()
  @IsIn(DATE_FORMATS)
  dateFormat: DateFormat = 'YYYY-MM-DD';

  @ApiPropertyOptional({
    enum: DECIMAL_FORMATS,
    default: '1234.56',
    description: 'How the file writes one thousand two hundred and thirty-four and 56 cents',
  })
  @IsOptional()
  @IsIn(DECIMAL_FORMATS)
  decimalFormat: DecimalFormat = '1234.56';

  @ApiPropertyOptional({ enum: Object.keys(IMPORT_DELIMITER_NAMES), default: 'comma' })
  @IsOptional()
  @IsIn(Object.keys(IMPORT_DELIMITER_NAMES))
  delimiter: ImportDelimiterName = 'comma';

  @ApiPropertyOptional({
    enum: NEGATIVE_AMOUNT_POLICIES,
    default: 'reject',
    description:
      'Refunds and repayments are negative in card and bank files. `reject`: such a row is an ' +
      'error; `skip`: it is left out and listed under `skipped`.',
  })
  @IsOptional()
  @IsIn(NEGATIVE_AMOUNT_POLICIES)
  negativeAmounts: NegativeAmountPolicy = 'reject';

  @ApiPropertyOptional({
    enum: UNKNOWN_CATEGORY_POLICIES,
    default: 'reject',
    description:
      '`reject`: a category name you do not have is a row error; `create`: it becomes a new ' +
      'top-level category (listed under `newCategories`)',
  })
  @IsOptional()
  @IsIn(UNKNOWN_CATEGORY_POLICIES)
  unknownCategories: UnknownCategoryPolicy = 'reject';

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The category of rows that name none (empty cell, or no categoryColumn); default: your ' +
      '"Other" category',
  })
  @IsOptional()
  @IsUUID()
  defaultCategoryId?: string;
}
