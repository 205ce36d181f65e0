-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/auth/users/users.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- UsersRepository.insert(one user)
INSERT INTO "users"("id", "email", "display_name", "password_hash", "role", "status", "email_verified_at", "failed_login_count", "lockout_level", "locked_until", "base_currency", "is_demo", "created_at", "updated_at") VALUES (DEFAULT, $1, $2, $3, $4, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, $5, DEFAULT, DEFAULT) RETURNING "id", "role", "status", "failed_login_count", "lockout_level", "base_currency", "is_demo", "created_at", "updated_at";

-- UsersRepository.insertIfEmailFree(one user)
INSERT INTO "users"("id", "email", "display_name", "password_hash", "role", "status", "email_verified_at", "failed_login_count", "lockout_level", "locked_until", "base_currency", "is_demo", "created_at", "updated_at") VALUES (DEFAULT, $1, $2, $3, $4, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, $5, DEFAULT, DEFAULT) ON CONFLICT DO NOTHING RETURNING *;

-- UsersRepository.findById(id)
SELECT "User"."id" AS "User_id", "User"."email" AS "User_email", "User"."display_name" AS "User_display_name", "User"."password_hash" AS "User_password_hash", "User"."role" AS "User_role", "User"."status" AS "User_status", "User"."email_verified_at" AS "User_email_verified_at", "User"."failed_login_count" AS "User_failed_login_count", "User"."lockout_level" AS "User_lockout_level", "User"."locked_until" AS "User_locked_until", "User"."base_currency" AS "User_base_currency", "User"."is_demo" AS "User_is_demo", "User"."created_at" AS "User_created_at", "User"."updated_at" AS "User_updated_at" FROM "users" "User" WHERE (("User"."id" = $1)) LIMIT 1;

-- UsersRepository.findByEmail(email)
SELECT "user"."id" AS "user_id", "user"."email" AS "user_email", "user"."display_name" AS "user_display_name", "user"."password_hash" AS "user_password_hash", "user"."role" AS "user_role", "user"."status" AS "user_status", "user"."email_verified_at" AS "user_email_verified_at", "user"."failed_login_count" AS "user_failed_login_count", "user"."lockout_level" AS "user_lockout_level", "user"."locked_until" AS "user_locked_until", "user"."base_currency" AS "user_base_currency", "user"."is_demo" AS "user_is_demo", "user"."created_at" AS "user_created_at", "user"."updated_at" AS "user_updated_at" FROM "users" "user" WHERE lower("user"."email") = lower($1);

-- UsersRepository.findBaseCurrency(id)
SELECT base_currency FROM users WHERE id = $1;

-- UsersRepository.findBaseCurrency(id, share lock)
SELECT base_currency FROM users WHERE id = $1 FOR SHARE;

-- UsersRepository.lockById(id)
SELECT "user"."id" AS "user_id", "user"."email" AS "user_email", "user"."display_name" AS "user_display_name", "user"."password_hash" AS "user_password_hash", "user"."role" AS "user_role", "user"."status" AS "user_status", "user"."email_verified_at" AS "user_email_verified_at", "user"."failed_login_count" AS "user_failed_login_count", "user"."lockout_level" AS "user_lockout_level", "user"."locked_until" AS "user_locked_until", "user"."base_currency" AS "user_base_currency", "user"."is_demo" AS "user_is_demo", "user"."created_at" AS "user_created_at", "user"."updated_at" AS "user_updated_at" FROM "users" "user" WHERE "user"."id" = $1 FOR UPDATE;

-- UsersRepository.lockActiveAdminIds()
SELECT "user"."id" AS "id" FROM "users" "user" WHERE "user"."role" = 'admin' AND "user"."status" = 'active' FOR UPDATE;

-- UsersRepository.countAll()
SELECT COUNT(1) AS "cnt" FROM "users" "User";

-- UsersRepository.countActiveAdmins()
SELECT COUNT(1) AS "cnt" FROM "users" "User" WHERE (("User"."role" = $1) AND ("User"."status" = $2));

-- UsersRepository.recordFailedLogin(id, now, policy)
UPDATE users SET
failed_login_count = CASE WHEN failed_login_count + 1 >= $3 THEN 0 ELSE failed_login_count + 1 END,
lockout_level = CASE WHEN failed_login_count + 1 >= $3 THEN lockout_level + 1 ELSE lockout_level END,
locked_until = CASE WHEN failed_login_count + 1 >= $3
THEN $2::timestamptz + make_interval(secs => least($4::float8 * power(2, lockout_level), $5::float8))
ELSE locked_until END
WHERE id = $1
RETURNING CASE WHEN failed_login_count = 0 THEN locked_until END AS locked_until, lockout_level;

-- UsersRepository.clearFailedLogins(id)
UPDATE "users" SET "failed_login_count" = $1, "lockout_level" = $2, "locked_until" = $3, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $4;

-- UsersRepository.update(displayName)
UPDATE "users" SET "display_name" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $2;

-- UsersRepository.delete(id)
DELETE FROM "users" WHERE "id" = $1;

-- UsersRepository.search(first page)
SELECT "user"."id" AS "user_id", "user"."email" AS "user_email", "user"."display_name" AS "user_display_name", "user"."password_hash" AS "user_password_hash", "user"."role" AS "user_role", "user"."status" AS "user_status", "user"."email_verified_at" AS "user_email_verified_at", "user"."failed_login_count" AS "user_failed_login_count", "user"."lockout_level" AS "user_lockout_level", "user"."locked_until" AS "user_locked_until", "user"."base_currency" AS "user_base_currency", "user"."is_demo" AS "user_is_demo", "user"."created_at" AS "user_created_at", "user"."updated_at" AS "user_updated_at" FROM "users" "user" ORDER BY "user"."created_at" DESC, "user"."id" DESC LIMIT 51;

-- UsersRepository.search(every filter, after a cursor)
SELECT "user"."id" AS "user_id", "user"."email" AS "user_email", "user"."display_name" AS "user_display_name", "user"."password_hash" AS "user_password_hash", "user"."role" AS "user_role", "user"."status" AS "user_status", "user"."email_verified_at" AS "user_email_verified_at", "user"."failed_login_count" AS "user_failed_login_count", "user"."lockout_level" AS "user_lockout_level", "user"."locked_until" AS "user_locked_until", "user"."base_currency" AS "user_base_currency", "user"."is_demo" AS "user_is_demo", "user"."created_at" AS "user_created_at", "user"."updated_at" AS "user_updated_at" FROM "users" "user" WHERE ("user"."email" ILIKE $1 OR "user"."display_name" ILIKE $1) AND "user"."role" = $2 AND "user"."status" = $3 AND ("user"."created_at", "user"."id") < ($4, $5) ORDER BY "user"."created_at" DESC, "user"."id" DESC LIMIT 51;
