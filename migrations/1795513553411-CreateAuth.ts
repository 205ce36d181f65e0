import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAuth1795513553411 implements MigrationInterface {
    name = 'CreateAuth1795513553411'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "account_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "purpose" character varying(16) NOT NULL,
                "token_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_account_tokens" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_account_tokens_user_id" ON "account_tokens" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_account_tokens_token_hash" ON "account_tokens" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "api_keys" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "name" character varying(100) NOT NULL,
                "prefix" character varying(16) NOT NULL,
                "secret_hash" character(64) NOT NULL,
                "scopes" text array NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "last_used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_api_keys" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_api_keys_user_id" ON "api_keys" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_api_keys_secret_hash" ON "api_keys" ("secret_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "delivery" character varying(8) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" character varying(32),
                "ip" character varying(64),
                "user_agent" character varying(256),
                CONSTRAINT "pk_sessions" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_refresh_tokens" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_refresh_tokens_session_id" ON "refresh_tokens" ("session_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_refresh_tokens_token_hash" ON "refresh_tokens" ("token_hash")
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "status" character varying(16) NOT NULL DEFAULT 'active'
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "email_verified_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "failed_login_count" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "lockout_level" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "locked_until" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_users_status" ON "users" ("status")
        `);
        await queryRunner.query(`
            ALTER TABLE "account_tokens"
            ADD CONSTRAINT "fk_account_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "api_keys"
            ADD CONSTRAINT "fk_api_keys_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sessions"
            ADD CONSTRAINT "fk_sessions_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD CONSTRAINT "fk_refresh_tokens_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_session_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "sessions" DROP CONSTRAINT "fk_sessions_user_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_user_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "account_tokens" DROP CONSTRAINT "fk_account_tokens_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_users_status"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "locked_until"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "lockout_level"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "failed_login_count"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "email_verified_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_refresh_tokens_token_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_tokens_session_id"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_sessions_user_id"
        `);
        await queryRunner.query(`
            DROP TABLE "sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_api_keys_secret_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_api_keys_user_id"
        `);
        await queryRunner.query(`
            DROP TABLE "api_keys"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_account_tokens_token_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_account_tokens_user_id"
        `);
        await queryRunner.query(`
            DROP TABLE "account_tokens"
        `);
    }

}
