import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateUsers1795432908587 implements MigrationInterface {
    name = 'CreateUsers1795432908587'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "display_name" character varying(100) NOT NULL,
                "password_hash" text NOT NULL,
                "role" character varying(16) NOT NULL DEFAULT 'user',
                "is_demo" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_users" PRIMARY KEY ("id")
            )
        `);
        // Emails are unique whatever their case; TypeORM cannot express an expression index.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_email" ON "users" (lower("email"))
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "uq_users_email"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
    }

}
