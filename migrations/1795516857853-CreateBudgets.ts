import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateBudgets1795516857853 implements MigrationInterface {
    name = 'CreateBudgets1795516857853'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "budgets" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "category_id" uuid,
                "name" character varying(100),
                "amount" numeric NOT NULL,
                "currency" character(3) NOT NULL,
                "rollover" character varying(16) NOT NULL,
                "start_month" date NOT NULL,
                "end_month" date,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_budgets_end_month" CHECK (
                    "end_month" IS NULL
                    OR (
                        EXTRACT(
                            DAY
                            FROM "end_month"
                        ) = 1
                        AND "end_month" >= "start_month"
                    )
                ),
                CONSTRAINT "ck_budgets_start_month" CHECK (
                    EXTRACT(
                        DAY
                        FROM "start_month"
                    ) = 1
                ),
                CONSTRAINT "ck_budgets_rollover" CHECK (
                    "rollover" IN ('none', 'carry_remaining', 'carry_both')
                ),
                CONSTRAINT "ck_budgets_amount_positive" CHECK ("amount" > 0),
                CONSTRAINT "pk_budgets" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_budgets_category_id" ON "budgets" ("category_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_budgets_user_id_start_month" ON "budgets" ("user_id", "start_month")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_budgets_user_id_created_at_id" ON "budgets" ("user_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "budget_alerts" (
                "budget_id" uuid NOT NULL,
                "month" date NOT NULL,
                "threshold" smallint NOT NULL,
                "user_id" uuid NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_budget_alerts_month" CHECK (
                    EXTRACT(
                        DAY
                        FROM "month"
                    ) = 1
                ),
                CONSTRAINT "ck_budget_alerts_threshold" CHECK ("threshold" IN (80, 100)),
                CONSTRAINT "pk_budget_alerts" PRIMARY KEY ("budget_id", "month", "threshold")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_budget_alerts_user_id" ON "budget_alerts" ("user_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets"
            ADD CONSTRAINT "fk_budgets_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets"
            ADD CONSTRAINT "fk_budgets_category_id" FOREIGN KEY ("category_id") REFERENCES "expense_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_alerts"
            ADD CONSTRAINT "fk_budget_alerts_budget_id" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_alerts"
            ADD CONSTRAINT "fk_budget_alerts_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "budget_alerts" DROP CONSTRAINT "fk_budget_alerts_user_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_alerts" DROP CONSTRAINT "fk_budget_alerts_budget_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets" DROP CONSTRAINT "fk_budgets_category_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets" DROP CONSTRAINT "fk_budgets_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_budget_alerts_user_id"
        `);
        await queryRunner.query(`
            DROP TABLE "budget_alerts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_budgets_user_id_created_at_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_budgets_user_id_start_month"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_budgets_category_id"
        `);
        await queryRunner.query(`
            DROP TABLE "budgets"
        `);
    }

}
