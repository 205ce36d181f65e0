import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAuditTrail1795513928548 implements MigrationInterface {
    name = 'CreateAuditTrail1795513928548'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_chain_anchors" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "through_sequence" bigint NOT NULL,
                "hash" character varying(64) NOT NULL,
                "pruned_count" integer NOT NULL,
                "cutoff" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_audit_chain_anchors_through_sequence" UNIQUE ("through_sequence"),
                CONSTRAINT "pk_audit_chain_anchors" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "sequence" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "id" uuid NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "actor_type" character varying(16) NOT NULL,
                "actor_id" character varying(100),
                "action" character varying(100) COLLATE "C" NOT NULL,
                "resource_type" character varying(50) NOT NULL,
                "resource_id" character varying(100),
                "outcome" character varying(16) NOT NULL,
                "request_id" character varying(128),
                "ip" character varying(64),
                "user_agent" character varying(512),
                "details" jsonb NOT NULL,
                "subject_user_id" uuid,
                "prev_hash" character varying(64) NOT NULL,
                "hash" character varying(64) NOT NULL,
                CONSTRAINT "uq_audit_events_id" UNIQUE ("id"),
                CONSTRAINT "uq_audit_events_prev_hash" UNIQUE ("prev_hash"),
                CONSTRAINT "pk_audit_events" PRIMARY KEY ("sequence")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_events_subject_user_id_sequence" ON "audit_events" ("subject_user_id", "sequence")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_events_resource_type_resource_id_sequence" ON "audit_events" ("resource_type", "resource_id", "sequence")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_events_action_sequence" ON "audit_events" ("action", "sequence")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_events_actor_type_actor_id_sequence" ON "audit_events" ("actor_type", "actor_id", "sequence")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_events_occurred_at" ON "audit_events" ("occurred_at")
        `);
        // Append-only below the application: UPDATE, DELETE and TRUNCATE are refused, except
        // the DELETE of retention pruning, which sets ledgerline.audit_prune_before for its own
        // transaction and may then remove only events older than that. The setting guards
        // against mistakes, not against someone with the owner's rights; the hash chain is what
        // shows their changes.
        await queryRunner.query(`
            CREATE FUNCTION "audit_events_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                prune_before text := current_setting('ledgerline.audit_prune_before', true);
            BEGIN
                IF TG_OP = 'DELETE' AND coalesce(prune_before, '') <> '' THEN
                    IF OLD.occurred_at < prune_before::timestamptz THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'audit_events is append-only: pruning may delete only events older than %', prune_before;
                END IF;
                RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
                    USING HINT = 'Old events are removed only by retention pruning.';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
            FOR EACH ROW EXECUTE FUNCTION "audit_events_guard"()
        `);
        await queryRunner.query(`
            CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
            FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_guard"()
        `);
        await queryRunner.query(`
            CREATE FUNCTION "audit_chain_anchors_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_chain_anchors is append-only: % refused', TG_OP;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "audit_chain_anchors_append_only" BEFORE UPDATE OR DELETE ON "audit_chain_anchors"
            FOR EACH ROW EXECUTE FUNCTION "audit_chain_anchors_guard"()
        `);
        await queryRunner.query(`
            CREATE TRIGGER "audit_chain_anchors_no_truncate" BEFORE TRUNCATE ON "audit_chain_anchors"
            FOR EACH STATEMENT EXECUTE FUNCTION "audit_chain_anchors_guard"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER "audit_chain_anchors_no_truncate" ON "audit_chain_anchors"
        `);
        await queryRunner.query(`
            DROP TRIGGER "audit_chain_anchors_append_only" ON "audit_chain_anchors"
        `);
        await queryRunner.query(`
            DROP FUNCTION "audit_chain_anchors_guard"()
        `);
        await queryRunner.query(`
            DROP TRIGGER "audit_events_no_truncate" ON "audit_events"
        `);
        await queryRunner.query(`
            DROP TRIGGER "audit_events_append_only" ON "audit_events"
        `);
        await queryRunner.query(`
            DROP FUNCTION "audit_events_guard"()
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_events_occurred_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_events_actor_type_actor_id_sequence"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_events_action_sequence"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_events_resource_type_resource_id_sequence"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_events_subject_user_id_sequence"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_chain_anchors"
        `);
    }

}
