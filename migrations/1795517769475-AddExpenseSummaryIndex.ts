import { MigrationInterface, QueryRunner } from "typeorm";

export class AddExpenseSummaryIndex1795517769475 implements MigrationInterface {
    name = 'AddExpenseSummaryIndex1795517769475'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Everything a summary by category or month reads, so it is an index-only scan of one
        // user's date range instead of a heap page per expense. TypeORM cannot express INCLUDE.
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_spent_on_summary" ON "expenses" ("user_id", "spent_on")
            INCLUDE ("category_id", "currency", "base_currency", "base_amount")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_spent_on_summary"
        `);
    }

}
