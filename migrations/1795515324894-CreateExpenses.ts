import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateExpenses1795515324894 implements MigrationInterface {
    name = 'CreateExpenses1795515324894'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "expense_categories" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "parent_id" uuid,
                "name" character varying(60) NOT NULL,
                "default_key" character varying(32),
                "archived_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_expense_categories" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expense_categories_parent_id" ON "expense_categories" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "expenses" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "category_id" uuid NOT NULL,
                "spent_on" date NOT NULL,
                "amount" numeric(16, 4) NOT NULL,
                "currency" character(3) NOT NULL,
                "base_currency" character(3) NOT NULL,
                "base_amount" numeric,
                "fx_rate" numeric,
                "fx_rate_date" date,
                "fx_source" character varying(16),
                "fx_missing_reason" character varying(32),
                "fx_missing_detail" character varying(300),
                "payee" character varying(200),
                "note" character varying(2000),
                "tags" text array NOT NULL DEFAULT '{}',
                "vehicle_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_expenses_fx_source" CHECK ("fx_source" IN ('ECB', 'IDENTITY', 'USER')),
                CONSTRAINT "ck_expenses_fx_state" CHECK (
                    (
                        "base_amount" IS NOT NULL
                        AND "fx_rate" IS NOT NULL
                        AND "fx_rate_date" IS NOT NULL
                        AND "fx_source" IS NOT NULL
                        AND "fx_missing_reason" IS NULL
                    )
                    OR (
                        "base_amount" IS NULL
                        AND "fx_rate" IS NULL
                        AND "fx_rate_date" IS NULL
                        AND "fx_source" IS NULL
                        AND "fx_missing_reason" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_expenses_amount_positive" CHECK ("amount" > 0),
                CONSTRAINT "pk_expenses" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_vehicle_id" ON "expenses" ("vehicle_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_category_id_spent_on_id" ON "expenses" ("category_id", "spent_on", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_currency_spent_on_id" ON "expenses" ("user_id", "currency", "spent_on", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_base_amount_id" ON "expenses" ("user_id", "base_amount", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_created_at_id" ON "expenses" ("user_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_id_spent_on_id" ON "expenses" ("user_id", "spent_on", "id")
        `);
        // Unique names per user and parent whatever their case; a top-level category's missing
        // parent counts as the zero uuid, so two top-level "Food" collide too (PostgreSQL 13
        // has no NULLS NOT DISTINCT). Leads with user_id, so it also indexes that foreign key.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_expense_categories_user_parent_name" ON "expense_categories" (
                "user_id",
                coalesce("parent_id", '00000000-0000-0000-0000-000000000000'::uuid),
                lower("name")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_tags" ON "expenses" USING gin ("tags")
        `);
        // Text search over payee and note with the 'simple' configuration (no stemming, no
        // stop words: payees are names in any language). Queries must repeat this expression.
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_search" ON "expenses" USING gin (
                to_tsvector('simple'::regconfig, coalesce("payee", '') || ' ' || coalesce("note", ''))
            )
        `);
        // Small: only expenses still waiting for a rate, which the FX refresh job revisits.
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_missing_base_amount" ON "expenses" ("spent_on") WHERE "base_amount" IS NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "base_currency" character(3) NOT NULL DEFAULT 'EUR'
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_categories"
            ADD CONSTRAINT "fk_expense_categories_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_categories"
            ADD CONSTRAINT "fk_expense_categories_parent_id" FOREIGN KEY ("parent_id") REFERENCES "expense_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ADD CONSTRAINT "fk_expenses_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ADD CONSTRAINT "fk_expenses_category_id" FOREIGN KEY ("category_id") REFERENCES "expense_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "expenses" DROP CONSTRAINT "fk_expenses_category_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses" DROP CONSTRAINT "fk_expenses_user_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_categories" DROP CONSTRAINT "fk_expense_categories_parent_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_categories" DROP CONSTRAINT "fk_expense_categories_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_missing_base_amount"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_search"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_tags"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_expense_categories_user_parent_name"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "base_currency"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_spent_on_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_created_at_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_base_amount_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_id_currency_spent_on_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_category_id_spent_on_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_vehicle_id"
        `);
        await queryRunner.query(`
            DROP TABLE "expenses"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expense_categories_parent_id"
        `);
        await queryRunner.query(`
            DROP TABLE "expense_categories"
        `);
    }

}
