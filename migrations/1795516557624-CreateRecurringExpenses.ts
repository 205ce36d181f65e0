import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateRecurringExpenses1795516557624 implements MigrationInterface {
    name = 'CreateRecurringExpenses1795516557624'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "recurring_expenses" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "category_id" uuid NOT NULL,
                "amount" numeric(16, 4) NOT NULL,
                "currency" character(3) NOT NULL,
                "payee" character varying(200),
                "note" character varying(2000),
                "tags" text array NOT NULL DEFAULT '{}',
                "vehicle_id" uuid,
                "unit" character varying(8) NOT NULL,
                "interval_count" integer NOT NULL,
                "day_of_month" smallint,
                "start_date" date NOT NULL,
                "end_date" date,
                "occurrence_limit" integer,
                "active" boolean NOT NULL DEFAULT true,
                "materialised_through" date,
                "next_occurrence_on" date,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_recurring_expenses_occurrence_limit" CHECK (
                    "occurrence_limit" IS NULL
                    OR "occurrence_limit" BETWEEN 1 AND 10000
                ),
                CONSTRAINT "ck_recurring_expenses_end" CHECK (
                    "end_date" IS NULL
                    OR (
                        "occurrence_limit" IS NULL
                        AND "end_date" >= "start_date"
                    )
                ),
                CONSTRAINT "ck_recurring_expenses_day_of_month" CHECK (
                    "day_of_month" IS NULL
                    OR (
                        "unit" = 'month'
                        AND "day_of_month" BETWEEN 1 AND 31
                    )
                ),
                CONSTRAINT "ck_recurring_expenses_interval" CHECK (
                    "interval_count" BETWEEN 1 AND 1000
                ),
                CONSTRAINT "ck_recurring_expenses_unit" CHECK ("unit" IN ('day', 'week', 'month', 'year')),
                CONSTRAINT "ck_recurring_expenses_amount_positive" CHECK ("amount" > 0),
                CONSTRAINT "pk_recurring_expenses" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_category_id" ON "recurring_expenses" ("category_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_vehicle_id" ON "recurring_expenses" ("vehicle_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_user_id_active_created_at_id" ON "recurring_expenses" ("user_id", "active", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_user_id_created_at_id" ON "recurring_expenses" ("user_id", "created_at", "id")
        `);
        // What the job scans for due rules: active ones, by next occurrence; small, since a
        // paused or ended rule is not in it.
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expenses_due" ON "recurring_expenses" ("next_occurrence_on") WHERE "active"
        `);
        await queryRunner.query(`
            CREATE TABLE "recurring_expense_occurrences" (
                "recurring_expense_id" uuid NOT NULL,
                "occurs_on" date NOT NULL,
                "expense_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_recurring_expense_occurrences" PRIMARY KEY ("recurring_expense_id", "occurs_on")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_recurring_expense_occurrences_expense_id" ON "recurring_expense_occurrences" ("expense_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expenses"
            ADD CONSTRAINT "fk_recurring_expenses_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expenses"
            ADD CONSTRAINT "fk_recurring_expenses_category_id" FOREIGN KEY ("category_id") REFERENCES "expense_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expense_occurrences"
            ADD CONSTRAINT "fk_recurring_expense_occurrences_recurring_expense_id" FOREIGN KEY ("recurring_expense_id") REFERENCES "recurring_expenses"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expense_occurrences"
            ADD CONSTRAINT "fk_recurring_expense_occurrences_expense_id" FOREIGN KEY ("expense_id") REFERENCES "expenses"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "recurring_expense_occurrences" DROP CONSTRAINT "fk_recurring_expense_occurrences_expense_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expense_occurrences" DROP CONSTRAINT "fk_recurring_expense_occurrences_recurring_expense_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expenses" DROP CONSTRAINT "fk_recurring_expenses_category_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "recurring_expenses" DROP CONSTRAINT "fk_recurring_expenses_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expense_occurrences_expense_id"
        `);
        await queryRunner.query(`
            DROP TABLE "recurring_expense_occurrences"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_user_id_created_at_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_user_id_active_created_at_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_vehicle_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_recurring_expenses_category_id"
        `);
        await queryRunner.query(`
            DROP TABLE "recurring_expenses"
        `);
    }

}
