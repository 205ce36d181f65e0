import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/platform/clock/clock';
import { calendarDateOf } from 'src/platform/dates/calendar-date';
import { UsersService } from 'src/modules/auth/users/users.service';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { demoExpenses } from 'src/modules/demo/demo-expenses';
import { DEMO_ECB_RATES_CSV, DEMO_RATES_LAST_DATE } from 'src/modules/demo/demo-fx-rates';

/**
 * On an empty database outside production, creates a clearly labelled demo account so a
 * newcomer can look around. Later modules add their own sample data for this account.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly categories: CategoriesService,
    private readonly expenses: ExpenseWriter,
    private readonly fx: CurrenciesService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo.enabled || this.config.isProduction) return;
    if (await this.users.hasAnyUser()) return;
    const password = this.config.demo.password ?? randomBytes(12).toString('base64url');
    const account = await this.users.create({
      email: this.config.demo.email,
      password,
      displayName: 'Demo account (sample data)',
      isDemo: true,
      emailVerifiedAt: new Date(),
    });
    const shown = this.config.demo.password ? '(the DEMO_PASSWORD you set)' : password;
    // Printed once, at creation: the password is not stored anywhere readable.
    this.logger.warn(`Demo account created: ${this.config.demo.email} / ${shown}`);
    await this.seedRates();
    await this.seedExpenses(account.id);
  }

  /**
   * A few months of real ECB rates when none is stored, so the demo's foreign expenses are
   * converted even offline; the full history, imported at first start, includes them unchanged.
   */
  private async seedRates(): Promise<void> {
    if (await this.fx.hasRates()) return;
    const file = new TextEncoder().encode(DEMO_ECB_RATES_CSV);
    const stored = await this.fx.importHistoryFile(file, 'demo rate history');
    this.logger.log(
      `Demo data: ${stored.inserted} ECB rates of ${stored.firstDate} to ${stored.lastDate}`,
    );
  }

  /**
   * A few months of expenses in the default categories. Pound amounts are converted at the
   * reference rates (the trip is dated inside the demo's rates), dollar ones carry the user's rate.
   */
  private async seedExpenses(userId: string): Promise<void> {
    const expenses = demoExpenses(calendarDateOf(this.clock.now()), DEMO_RATES_LAST_DATE);
    const created = await this.dataSource.transaction(async (manager) => {
      const categoryIds = await this.categories.defaultCategoryIds(userId, manager);
      return this.expenses.createMany(
        manager,
        userId,
        expenses.map(({ category, ...expense }) => ({
          ...expense,
          categoryId: categoryIds.get(category)!,
        })),
        { audit: true, auditDetails: { demo: true } },
      );
    });
    this.logger.log(`Demo account: ${created.length} sample expenses`);
  }
}
