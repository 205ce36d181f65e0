import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';
import { PageQuery } from 'src/platform/pagination/page';
import {
  ARCHIVED_FILTERS,
  ArchivedFilter,
  CATEGORY_NAME_MAX,
} from 'src/modules/expenses/categories/category.types';

/** Trimmed, inner whitespace collapsed: "  Eating   out " is "Eating out". */
const normaliseName = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : value;
/** No control characters: a name is shown in lists, files and mails. */
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

export class CreateCategoryDto {
  @ApiProperty({
    example: 'Coffee',
    maxLength: CATEGORY_NAME_MAX,
    description: 'Unique among its siblings, whatever the case',
  })
  @Transform(normaliseName)
  @IsString()
  @MinLength(1)
  @MaxLength(CATEGORY_NAME_MAX)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Makes it a sub-category of this top-level category of yours (one level only)',
  })
  @PatchOptional()
  @IsUUID()
  parentId?: string;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional({ example: 'Coffee and tea', maxLength: CATEGORY_NAME_MAX })
  @PatchOptional()
  @Transform(normaliseName)
  @IsString()
  @MinLength(1)
  @MaxLength(CATEGORY_NAME_MAX)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional({
    description:
      'true archives (the category stays on its expenses and in history but takes no new ' +
      'ones; a top-level category needs its sub-categories archived first); false unarchives',
  })
  @PatchOptional()
  @IsBoolean()
  archived?: boolean;
}

export class ListCategoriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ARCHIVED_FILTERS, default: 'exclude' })
  @IsOptional()
  @IsIn(ARCHIVED_FILTERS)
  archived: ArchivedFilter = 'exclude';

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the sub-categories of this one' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class CategoryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Groceries' })
  name!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: top level' })
  parentId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'groceries',
    description: 'Which default category this is (kept when renamed); null for your own',
  })
  defaultKey!: string | null;

  @ApiProperty()
  archived!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
