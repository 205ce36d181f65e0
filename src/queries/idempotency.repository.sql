-- Written by test/integration/sql-snapshots.int-spec.ts from src/platform/idempotency/idempotency.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- IdempotencyRepository.tryLock(userId, key)
SELECT pg_try_advisory_xact_lock($1::int, $2::int) AS locked;

-- IdempotencyRepository.findLive(userId, key, now)
SELECT "record"."user_id" AS "record_user_id", "record"."key" AS "record_key", "record"."request_hash" AS "record_request_hash", "record"."response_status" AS "record_response_status", "record"."response_body" AS "record_response_body", "record"."created_at" AS "record_created_at", "record"."expires_at" AS "record_expires_at" FROM "idempotency_records" "record" WHERE "record"."user_id" = $1 AND "record"."key" = $2 AND "record"."expires_at" > $3;

-- IdempotencyRepository.save(one record)
INSERT INTO "idempotency_records"("user_id", "key", "request_hash", "response_status", "response_body", "created_at", "expires_at") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ( "user_id", "key" ) DO UPDATE SET "request_hash" = EXCLUDED."request_hash", "response_status" = EXCLUDED."response_status", "response_body" = EXCLUDED."response_body", "created_at" = EXCLUDED."created_at", "expires_at" = EXCLUDED."expires_at";

-- IdempotencyRepository.deleteExpired(now, batch)
DELETE FROM idempotency_records WHERE ctid IN (
SELECT ctid FROM idempotency_records WHERE expires_at <= $1 LIMIT $2
);
