-- Signing keys of our JWTs. The private JWK never leaves the database; the public half is served at
-- /oauth2/jwks until retire_after (the end of the last token it can have signed).
CREATE TABLE signing_key (
    kid           VARCHAR(64)  NOT NULL PRIMARY KEY,
    algorithm     VARCHAR(16)  NOT NULL,
    private_jwk   VARCHAR(4000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at    TIMESTAMP WITH TIME ZONE,
    retire_after  TIMESTAMP WITH TIME ZONE
);

-- API keys: only a SHA-256 of the key is stored; key_prefix is the first characters, for recognition.
CREATE TABLE api_key (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    user_id       VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    name          VARCHAR(100) NOT NULL,
    key_prefix    VARCHAR(16)  NOT NULL,
    key_hash      VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_key_hash UNIQUE (key_hash)
);
CREATE INDEX ix_api_key_user ON api_key (user_id);

-- UC-17 one-time activation codes, hashed.
CREATE TABLE activation_code (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    domain        VARCHAR(253) NOT NULL,
    code_hash     VARCHAR(64)  NOT NULL,
    created_by    VARCHAR(100) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_activation_code_hash UNIQUE (code_hash)
);

-- A family is every refresh token descended from one activation; reuse of a spent token revokes it whole.
CREATE TABLE token_family (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    domain        VARCHAR(253) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoke_reason VARCHAR(100)
);

CREATE TABLE refresh_token (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    family_id     VARCHAR(36)  NOT NULL REFERENCES token_family (id),
    token_hash    VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    spent_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_refresh_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_refresh_token_family ON refresh_token (family_id);

-- Who did what, for compliance review. actor is a user id, 'activation:<family>' or 'system'.
CREATE TABLE audit_log (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(36),
    actor          VARCHAR(100) NOT NULL,
    action         VARCHAR(64)  NOT NULL,
    target         VARCHAR(200),
    outcome        VARCHAR(16)  NOT NULL,
    request_id     VARCHAR(128),
    client_address VARCHAR(64),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_audit_log_tenant_time ON audit_log (tenant_id, created_at);
