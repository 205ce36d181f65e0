import { MigrationInterface, QueryRunner } from "typeorm";

export class RecurringCursorTimestamps1795520000002 implements MigrationInterface {
    name = 'RecurringCursorTimestamps1795520000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Cursors carry created_at through a JS Date (milliseconds); see MillisecondCursorTimestamps.
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_user_id_active_created_at_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expenses"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_user_id_active_created_at_id" ON "recurring_expenses" ("user_id", "active", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_user_id_created_at_id" ON "recurring_expenses" ("user_id", "created_at", "id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_user_id_created_at_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_user_id_active_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expenses"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_user_id_created_at_id" ON "recurring_expenses" ("user_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_user_id_active_created_at_id" ON "recurring_expenses" ("user_id", "active", "created_at", "id")
        `);
    }

}
