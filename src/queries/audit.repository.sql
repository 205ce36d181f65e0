-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/audit/audit.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- AuditRepository.lockChain()
SELECT pg_advisory_xact_lock($1);

-- AuditRepository.chainHeadHash()
SELECT COALESCE(
(SELECT hash FROM audit_events ORDER BY sequence DESC LIMIT 1),
(SELECT hash FROM audit_chain_anchors ORDER BY through_sequence DESC LIMIT 1)
) AS hash;

-- AuditRepository.append(one event)
INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, action, resource_type,
resource_id, outcome, request_id, ip, user_agent, subject_user_id, details, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15)
RETURNING sequence;

-- AuditRepository.latestAnchor()
SELECT through_sequence, hash FROM audit_chain_anchors ORDER BY through_sequence DESC LIMIT 1;

-- AuditRepository.chainInOrder(batches of 500)
SELECT sequence, id,
to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
actor_type, actor_id, action, resource_type, resource_id, outcome, request_id, ip,
user_agent, subject_user_id, details, prev_hash, hash
FROM audit_events WHERE sequence > $1 ORDER BY sequence LIMIT $2;

-- AuditRepository.pruneBoundary(cutoff)
SELECT max(sequence) AS through FROM audit_events
WHERE sequence < COALESCE(
(SELECT min(sequence) FROM audit_events WHERE occurred_at >= $1),
9223372036854775807);

-- AuditRepository.pruneBatch(cutoff, through, batch)
SELECT pg_advisory_xact_lock($1);
SELECT set_config($1, $2, true);
SELECT sequence, hash FROM (
SELECT sequence, hash FROM audit_events WHERE sequence <= $1 ORDER BY sequence LIMIT $2
) batch ORDER BY sequence DESC LIMIT 1;

-- AuditRepository.search(no filter, first page)
SELECT "event"."sequence" AS "event_sequence", "event"."id" AS "event_id", "event"."occurred_at" AS "event_occurred_at", "event"."actor_type" AS "event_actor_type", "event"."actor_id" AS "event_actor_id", "event"."action" AS "event_action", "event"."resource_type" AS "event_resource_type", "event"."resource_id" AS "event_resource_id", "event"."outcome" AS "event_outcome", "event"."request_id" AS "event_request_id", "event"."ip" AS "event_ip", "event"."user_agent" AS "event_user_agent", "event"."details" AS "event_details", "event"."subject_user_id" AS "event_subject_user_id", "event"."prev_hash" AS "event_prev_hash", "event"."hash" AS "event_hash" FROM "audit_events" "event" ORDER BY "event"."sequence" DESC LIMIT 50;

-- AuditRepository.search(every filter, before a sequence)
SELECT "event"."sequence" AS "event_sequence", "event"."id" AS "event_id", "event"."occurred_at" AS "event_occurred_at", "event"."actor_type" AS "event_actor_type", "event"."actor_id" AS "event_actor_id", "event"."action" AS "event_action", "event"."resource_type" AS "event_resource_type", "event"."resource_id" AS "event_resource_id", "event"."outcome" AS "event_outcome", "event"."request_id" AS "event_request_id", "event"."ip" AS "event_ip", "event"."user_agent" AS "event_user_agent", "event"."details" AS "event_details", "event"."subject_user_id" AS "event_subject_user_id", "event"."prev_hash" AS "event_prev_hash", "event"."hash" AS "event_hash" FROM "audit_events" "event" WHERE "event"."actor_type" = $1 AND "event"."actor_id" = $2 AND "event"."action" = $3 AND "event"."action" LIKE $4 AND "event"."resource_type" = $5 AND "event"."resource_id" = $6 AND "event"."subject_user_id" = $7 AND "event"."occurred_at" >= $8 AND "event"."occurred_at" < $9 AND "event"."sequence" < $10 ORDER BY "event"."sequence" DESC LIMIT 50;

-- AuditRepository.findActivity(two actions, before a sequence)
SELECT "event"."sequence" AS "event_sequence", "event"."id" AS "event_id", "event"."occurred_at" AS "event_occurred_at", "event"."actor_type" AS "event_actor_type", "event"."actor_id" AS "event_actor_id", "event"."action" AS "event_action", "event"."resource_type" AS "event_resource_type", "event"."resource_id" AS "event_resource_id", "event"."outcome" AS "event_outcome", "event"."request_id" AS "event_request_id", "event"."ip" AS "event_ip", "event"."user_agent" AS "event_user_agent", "event"."details" AS "event_details", "event"."subject_user_id" AS "event_subject_user_id", "event"."prev_hash" AS "event_prev_hash", "event"."hash" AS "event_hash" FROM "audit_events" "event" WHERE "event"."subject_user_id" = $1 AND "event"."action" IN ($2, $3) AND "event"."sequence" < $4 ORDER BY "event"."sequence" DESC LIMIT 50;
