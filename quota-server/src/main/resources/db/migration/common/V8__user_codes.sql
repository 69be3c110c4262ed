-- One-time codes for users (issue 13): an INVITATION sets the first password of an invited account (or of a
-- signed-up organisation's owner), a PASSWORD_RESET sets a new one. As for API keys, only the SHA-256 of a code is
-- stored; the code itself is answered once to whoever issued it. A code is spent by a conditional UPDATE
-- (used_at IS NULL), so of concurrent acceptances exactly one wins; issuing a new code voids the user's unused ones.
CREATE TABLE user_code (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(36)  NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind        VARCHAR(16)  NOT NULL,
    code_hash   VARCHAR(64)  NOT NULL,
    created_by  VARCHAR(100) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    voided_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_user_code_hash UNIQUE (code_hash),
    CONSTRAINT ck_user_code_kind CHECK (kind IN ('INVITATION', 'PASSWORD_RESET'))
);
CREATE INDEX ix_user_code_user ON user_code (user_id);

-- Invited accounts and signed-up owners are named by their e-mail address, which may exceed 64 characters.
ALTER TABLE app_user ALTER COLUMN username SET DATA TYPE VARCHAR(320);
