import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateFxRates1795514106525 implements MigrationInterface {
    name = 'CreateFxRates1795514106525'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "fx_rates" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "source" character varying(16) NOT NULL,
                "quote_currency" character varying(3) NOT NULL,
                "rate" numeric(20, 10) NOT NULL,
                "rate_date" date NOT NULL,
                "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_fx_rates_source_quote_currency_rate_date" UNIQUE ("source", "quote_currency", "rate_date"),
                CONSTRAINT "ck_fx_rates_rate_positive" CHECK ("rate" > 0),
                CONSTRAINT "pk_fx_rates" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "fx_rates"
        `);
    }

}
