import { MigrationInterface, QueryRunner } from "typeorm";

export class ImportCursorTimestamps1795520000004 implements MigrationInterface {
    name = 'ImportCursorTimestamps1795520000004'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Cursors carry created_at through a JS Date (milliseconds); see MillisecondCursorTimestamps.
        await queryRunner.query(`
            DROP INDEX "public"."ix_expense_imports_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_imports"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expense_imports_user_id_created_at_id" ON "expense_imports" ("user_id", "created_at", "id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_expense_imports_user_id_created_at_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_imports"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expense_imports_user_id_created_at_id" ON "expense_imports" ("user_id", "created_at", "id")
        `);
    }

}
