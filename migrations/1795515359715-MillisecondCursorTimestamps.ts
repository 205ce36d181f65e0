import { MigrationInterface, QueryRunner } from "typeorm";

export class MillisecondCursorTimestamps1795515359715 implements MigrationInterface {
    name = 'MillisecondCursorTimestamps1795515359715'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Lists page on (created_at, id) and carry created_at through a JS Date, which holds
        // milliseconds: with microseconds stored, rows within one millisecond could be skipped.
        await queryRunner.query(`
            ALTER TABLE "users"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "api_keys"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "sessions"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "sessions"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "api_keys"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE
        `);
    }

}
