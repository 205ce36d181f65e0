import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Tag and text filters indexed per user. A GIN index over every user's tags or words lists,
 * for a common tag, the rows of all users; and with few distinct tags the planner cannot tell
 * a tag the user never used from a common one, walks the user's whole date index and finds
 * nothing (40 ms for 100,000 expenses, 150 ms for text). Keys that carry the owner
 * (`<user id>:<tag>`, `<user id>:<word>`) make each posting list one user's rows, and their
 * statistics per user and tag.
 */
export class UserScopedExpenseSearch1795520000000 implements MigrationInterface {
    name = 'UserScopedExpenseSearch1795520000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_search"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_tags"
        `);
        await queryRunner.query(`
            CREATE FUNCTION "expense_tag_keys"(owner uuid, tags text[]) RETURNS text[]
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT ARRAY(SELECT owner::text || ':' || tag FROM unnest(tags) AS tag)
            $$
        `);
        // The 'simple' configuration: no stemming and no stop words, since payees are names
        // in any language. Each lexeme is prefixed with the owner, so a prefix query for
        // '<user>:blu' stays within that user's words.
        await queryRunner.query(`
            CREATE FUNCTION "expense_search_document"(owner uuid, payee text, note text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT array_to_tsvector(ARRAY(
                    SELECT owner::text || ':' || words.lexeme
                    FROM unnest(to_tsvector('simple'::regconfig, coalesce(payee, '') || ' ' || coalesce(note, ''))) AS words
                ))
            $$
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_tag_keys" ON "expenses" USING gin ("expense_tag_keys"("user_id", "tags"))
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_search_document" ON "expenses" USING gin ("expense_search_document"("user_id", "payee", "note"))
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_search_document"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_tag_keys"
        `);
        await queryRunner.query(`
            DROP FUNCTION "expense_search_document"(uuid, text, text)
        `);
        await queryRunner.query(`
            DROP FUNCTION "expense_tag_keys"(uuid, text[])
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_tags" ON "expenses" USING gin ("tags")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_search" ON "expenses" USING gin (
                to_tsvector('simple'::regconfig, coalesce("payee", '') || ' ' || coalesce("note", ''))
            )
        `);
    }

}
