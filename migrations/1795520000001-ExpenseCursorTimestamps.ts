import { MigrationInterface, QueryRunner } from "typeorm";

export class ExpenseCursorTimestamps1795520000001 implements MigrationInterface {
    name = 'ExpenseCursorTimestamps1795520000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Cursors carry created_at through a JS Date (milliseconds); see MillisecondCursorTimestamps.
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_created_at_id" ON "expenses" ("user_id", "created_at", "id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_created_at_id" ON "expenses" ("user_id", "created_at", "id")
        `);
    }

}
