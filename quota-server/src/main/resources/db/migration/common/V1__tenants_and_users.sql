-- Tenants (organisations) own users, keys, quotas and data. The platform's own administrators
-- live in a tenant of their own.
CREATE TABLE tenant (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Usernames and e-mail addresses are stored lower-cased so uniqueness ignores case.
-- password_hash holds a self-describing PBKDF2 string, never the password.
CREATE TABLE app_user (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id             VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    username              VARCHAR(64)  NOT NULL,
    email                 VARCHAR(320),
    password_hash         VARCHAR(255) NOT NULL,
    roles                 VARCHAR(200) NOT NULL,
    must_change_password  BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_app_user_username UNIQUE (username),
    CONSTRAINT uq_app_user_email UNIQUE (email)
);

CREATE INDEX ix_app_user_tenant ON app_user (tenant_id);
