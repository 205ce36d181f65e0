import { MigrationInterface, QueryRunner } from "typeorm";

export class BudgetCursorTimestamps1795520000003 implements MigrationInterface {
    name = 'BudgetCursorTimestamps1795520000003'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Cursors carry created_at through a JS Date (milliseconds); see MillisecondCursorTimestamps.
        await queryRunner.query(`
            DROP INDEX "public"."ix_budgets_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_budgets_user_id_created_at_id" ON "budgets" ("user_id", "created_at", "id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_budgets_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_budgets_user_id_created_at_id" ON "budgets" ("user_id", "created_at", "id")
        `);
    }

}
