-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/auth/sessions/sessions.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- SessionsRepository.insert(one session)
INSERT INTO "sessions"("id", "user_id", "delivery", "created_at", "last_used_at", "expires_at", "revoked_at", "revoked_reason", "ip", "user_agent") VALUES (DEFAULT, $1, $2, DEFAULT, $3, $4, DEFAULT, DEFAULT, $5, $6) RETURNING "id", "created_at";

-- SessionsRepository.findActiveRole(sessionId, userId, now)
SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
AND u.status = 'active';

-- SessionsRepository.listActive(first page)
SELECT "session"."id" AS "session_id", "session"."user_id" AS "session_user_id", "session"."delivery" AS "session_delivery", "session"."created_at" AS "session_created_at", "session"."last_used_at" AS "session_last_used_at", "session"."expires_at" AS "session_expires_at", "session"."revoked_at" AS "session_revoked_at", "session"."revoked_reason" AS "session_revoked_reason", "session"."ip" AS "session_ip", "session"."user_agent" AS "session_user_agent" FROM "sessions" "session" WHERE "session"."user_id" = $1 AND "session"."revoked_at" IS NULL AND "session"."expires_at" > $2 ORDER BY "session"."created_at" DESC, "session"."id" DESC LIMIT 51;

-- SessionsRepository.listActive(after a cursor)
SELECT "session"."id" AS "session_id", "session"."user_id" AS "session_user_id", "session"."delivery" AS "session_delivery", "session"."created_at" AS "session_created_at", "session"."last_used_at" AS "session_last_used_at", "session"."expires_at" AS "session_expires_at", "session"."revoked_at" AS "session_revoked_at", "session"."revoked_reason" AS "session_revoked_reason", "session"."ip" AS "session_ip", "session"."user_agent" AS "session_user_agent" FROM "sessions" "session" WHERE "session"."user_id" = $1 AND "session"."revoked_at" IS NULL AND "session"."expires_at" > $2 AND ("session"."created_at", "session"."id") < ($3, $4) ORDER BY "session"."created_at" DESC, "session"."id" DESC LIMIT 51;

-- SessionsRepository.revoke(userId, sessionId)
UPDATE "sessions" SET "revoked_at" = $1, "revoked_reason" = $2 WHERE ("id" = $3 AND "user_id" = $4 AND "revoked_at" IS NULL);

-- SessionsRepository.revokeAll(all)
UPDATE "sessions" SET "revoked_at" = $1, "revoked_reason" = $2 WHERE ("user_id" = $3 AND "revoked_at" IS NULL);

-- SessionsRepository.revokeAll(all but one)
UPDATE "sessions" SET "revoked_at" = $1, "revoked_reason" = $2 WHERE ("user_id" = $3 AND "revoked_at" IS NULL AND "id" != $4);

-- SessionsRepository.insertRefreshToken(one token)
INSERT INTO "refresh_tokens"("id", "session_id", "token_hash", "created_at", "expires_at", "used_at", "successor_sealed") VALUES (DEFAULT, $1, $2, DEFAULT, $3, DEFAULT, DEFAULT) RETURNING "id", "created_at";

-- SessionsRepository.lockRefreshToken(hash)
SELECT t.id AS "tokenId", t.expires_at AS "tokenExpiresAt", t.used_at AS "usedAt",
t.successor_sealed AS "successorSealed",
s.id AS "sessionId", s.expires_at AS "sessionExpiresAt", s.revoked_at AS "sessionRevokedAt",
s.delivery, u.id AS "userId", u.role AS "userRole", u.status AS "userStatus"
FROM refresh_tokens t
JOIN sessions s ON s.id = t.session_id
JOIN users u ON u.id = s.user_id
WHERE t.token_hash = $1
FOR UPDATE OF t, s;

-- SessionsRepository.markRefreshTokenUsed(id, now, sealed)
UPDATE "refresh_tokens" SET "used_at" = $1, "successor_sealed" = $2 WHERE "id" = $3;

-- SessionsRepository.clearSpentSuccessors(sessionId, before)
UPDATE refresh_tokens SET successor_sealed = NULL
WHERE session_id = $1 AND successor_sealed IS NOT NULL AND used_at <= $2;

-- SessionsRepository.findRefreshTokenExpiry(hash)
SELECT "RefreshToken"."id" AS "RefreshToken_id", "RefreshToken"."expires_at" AS "RefreshToken_expires_at" FROM "refresh_tokens" "RefreshToken" WHERE (("RefreshToken"."token_hash" = $1)) LIMIT 1;

-- SessionsRepository.touch(sessionId, now)
UPDATE "sessions" SET "last_used_at" = $1 WHERE "id" = $2;

-- SessionsRepository.findSessionByRefreshToken(hash)
SELECT s.id, s.user_id AS "userId" FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
WHERE t.token_hash = $1 AND s.revoked_at IS NULL;
