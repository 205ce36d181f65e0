import { MigrationInterface, QueryRunner } from "typeorm";

export class RefreshTokenSuccessor1795530000000 implements MigrationInterface {
    name = 'RefreshTokenSuccessor1795530000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // The successor of a rotated token, sealed with a key only the spent token yields, so a
        // concurrent refresh within the reuse grace window can answer with the same pair.
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD "successor_sealed" bytea
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP COLUMN "successor_sealed"
        `);
    }
}
