-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/auth/account-tokens/account-tokens.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- AccountTokensRepository.insert(one token)
INSERT INTO "account_tokens"("id", "user_id", "purpose", "token_hash", "created_at", "expires_at", "used_at") VALUES (DEFAULT, $1, $2, $3, DEFAULT, $4, DEFAULT) RETURNING "id", "created_at";

-- AccountTokensRepository.retireUnused(userId, purpose)
UPDATE "account_tokens" SET "used_at" = $1 WHERE ("user_id" = $2 AND "purpose" = $3 AND "used_at" IS NULL);

-- AccountTokensRepository.lockByHash(hash, purpose)
SELECT "token"."id" AS "token_id", "token"."user_id" AS "token_user_id", "token"."purpose" AS "token_purpose", "token"."token_hash" AS "token_token_hash", "token"."created_at" AS "token_created_at", "token"."expires_at" AS "token_expires_at", "token"."used_at" AS "token_used_at" FROM "account_tokens" "token" WHERE "token"."token_hash" = $1 AND "token"."purpose" = $2 FOR UPDATE;

-- AccountTokensRepository.markUsed(id, now)
UPDATE "account_tokens" SET "used_at" = $1 WHERE "id" = $2;
