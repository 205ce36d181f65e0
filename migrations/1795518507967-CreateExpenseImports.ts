import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateExpenseImports1795518507967 implements MigrationInterface {
    name = 'CreateExpenseImports1795518507967'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "expense_imports" (
                "id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "status" character varying(16) NOT NULL,
                "file_name" character varying(255),
                "file_size_bytes" integer NOT NULL,
                "file_sha256" character(64) NOT NULL,
                "options" jsonb NOT NULL,
                "row_count" integer NOT NULL,
                "created_count" integer NOT NULL,
                "duplicate_count" integer NOT NULL,
                "skipped_count" integer NOT NULL,
                "created_categories" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "undone_at" TIMESTAMP WITH TIME ZONE,
                "deleted_count" integer,
                CONSTRAINT "ck_expense_imports_status" CHECK ("status" IN ('committed', 'undone')),
                CONSTRAINT "pk_expense_imports" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expense_imports_user_id_created_at_id" ON "expense_imports" ("user_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "expense_import_rows" (
                "import_id" uuid NOT NULL,
                "line" integer NOT NULL,
                "user_id" uuid NOT NULL,
                "dedupe_key" character varying(64) NOT NULL,
                "expense_id" uuid NOT NULL,
                CONSTRAINT "pk_expense_import_rows" PRIMARY KEY ("import_id", "line")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_expense_import_rows_user_id_dedupe_key" ON "expense_import_rows" ("user_id", "dedupe_key")
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_imports"
            ADD CONSTRAINT "fk_expense_imports_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_import_rows"
            ADD CONSTRAINT "fk_expense_import_rows_import_id" FOREIGN KEY ("import_id") REFERENCES "expense_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "expense_import_rows" DROP CONSTRAINT "fk_expense_import_rows_import_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_imports" DROP CONSTRAINT "fk_expense_imports_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_expense_import_rows_user_id_dedupe_key"
        `);
        await queryRunner.query(`
            DROP TABLE "expense_import_rows"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expense_imports_user_id_created_at_id"
        `);
        await queryRunner.query(`
            DROP TABLE "expense_imports"
        `);
    }

}
