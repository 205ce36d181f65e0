import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateIdempotencyRecords1795515324893 implements MigrationInterface {
    name = 'CreateIdempotencyRecords1795515324893'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "idempotency_records" (
                "user_id" uuid NOT NULL,
                "key" character varying(255) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "response_status" smallint NOT NULL,
                "response_body" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "pk_idempotency_records" PRIMARY KEY ("user_id", "key")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_idempotency_records_expires_at" ON "idempotency_records" ("expires_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_idempotency_records_expires_at"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotency_records"
        `);
    }

}
