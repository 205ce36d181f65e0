import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import {
  AcceptsIdempotencyKey,
  IdempotencyKey,
} from 'src/platform/idempotency/idempotency-key.decorator';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { Page, PageOf } from 'src/platform/pagination/page';
import { RateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import {
  CategoryResponseDto,
  CreateCategoryDto,
  ListCategoriesQuery,
  UpdateCategoryDto,
} from 'src/modules/expenses/categories/dto/category.dto';

const READ = { scopes: ['expenses:read'] } as const;
const WRITE = { scopes: ['expenses:write'] } as const;

@ApiTags('expense-categories')
@Controller('expense-categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Your categories by name; the defaults are created the first time you ask. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get()
  @ApiOkResponse({ type: PageOf(CategoryResponseDto) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCategoriesQuery,
  ): Promise<Page<CategoryResponseDto>> {
    return this.categories.list(principal.userId, query);
  }

  /** Creates a category, or a sub-category of a top-level one; accepts `Idempotency-Key`. */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Post()
  @HttpCode(201)
  @AcceptsIdempotencyKey()
  @ApiCreatedResponse({ type: CategoryResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCategoryDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<CategoryResponseDto> {
    return this.categories.create(principal.userId, body, idempotent);
  }

  /** One of your categories. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get(':id')
  @ApiOkResponse({ type: CategoryResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<CategoryResponseDto> {
    return this.categories.get(principal.userId, id);
  }

  /** Rename, archive or unarchive. */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Patch(':id')
  @ApiOkResponse({ type: CategoryResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateCategoryDto,
  ): Promise<CategoryResponseDto> {
    return this.categories.update(principal.userId, id, body);
  }
}
