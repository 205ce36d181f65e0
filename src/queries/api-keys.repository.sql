-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/auth/api-keys/api-keys.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- ApiKeysRepository.insert(one key)
INSERT INTO "api_keys"("id", "user_id", "name", "prefix", "secret_hash", "scopes", "expires_at", "revoked_at", "last_used_at", "created_at") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT, DEFAULT) RETURNING "id", "created_at";

-- ApiKeysRepository.findLiveByHash(hash, now)
SELECT k.id, k.user_id AS "userId", u.role, k.scopes FROM api_keys k JOIN users u ON u.id = k.user_id
WHERE k.secret_hash = $1 AND k.revoked_at IS NULL
AND (k.expires_at IS NULL OR k.expires_at > $2) AND u.status = 'active';

-- ApiKeysRepository.listOwned(first page)
SELECT "key"."id" AS "key_id", "key"."user_id" AS "key_user_id", "key"."name" AS "key_name", "key"."prefix" AS "key_prefix", "key"."secret_hash" AS "key_secret_hash", "key"."scopes" AS "key_scopes", "key"."expires_at" AS "key_expires_at", "key"."revoked_at" AS "key_revoked_at", "key"."last_used_at" AS "key_last_used_at", "key"."created_at" AS "key_created_at" FROM "api_keys" "key" WHERE "key"."user_id" = $1 ORDER BY "key"."created_at" DESC, "key"."id" DESC LIMIT 51;

-- ApiKeysRepository.listOwned(after a cursor)
SELECT "key"."id" AS "key_id", "key"."user_id" AS "key_user_id", "key"."name" AS "key_name", "key"."prefix" AS "key_prefix", "key"."secret_hash" AS "key_secret_hash", "key"."scopes" AS "key_scopes", "key"."expires_at" AS "key_expires_at", "key"."revoked_at" AS "key_revoked_at", "key"."last_used_at" AS "key_last_used_at", "key"."created_at" AS "key_created_at" FROM "api_keys" "key" WHERE "key"."user_id" = $1 AND ("key"."created_at", "key"."id") < ($2, $3) ORDER BY "key"."created_at" DESC, "key"."id" DESC LIMIT 51;

-- ApiKeysRepository.revokeOwned(userId, id)
UPDATE "api_keys" SET "revoked_at" = $1 WHERE ("id" = $2 AND "user_id" = $3 AND "revoked_at" IS NULL) RETURNING "id", "name";

-- ApiKeysRepository.existsOwned(userId, id)
SELECT 1 AS "row_exists" FROM (SELECT 1 AS dummy_column) "dummy_table" WHERE EXISTS (SELECT 1 FROM "api_keys" "ApiKey" WHERE (("ApiKey"."id" = $1) AND ("ApiKey"."user_id" = $2))) LIMIT 1;

-- ApiKeysRepository.recordLastUsed(two keys)
UPDATE api_keys k SET last_used_at = u.used_at
FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at)
WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at);
