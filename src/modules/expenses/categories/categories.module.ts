import { Module } from '@nestjs/common';
import { IdempotencyModule } from 'src/platform/idempotency/idempotency.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { CategoriesController } from 'src/modules/expenses/categories/categories.controller';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';

/**
 * A user's expense categories (defaults, sub-categories, archiving). Exports CategoriesService:
 * expenses, budgets, recurring expenses, imports and exports check and name categories through
 * its rules, never by querying expense_categories themselves.
 */
@Module({
  imports: [AuditModule, IdempotencyModule],
  controllers: [CategoriesController],
  providers: [CategoriesRepository, CategoriesService],
  exports: [CategoriesService],
})
export class CategoriesModule {}
