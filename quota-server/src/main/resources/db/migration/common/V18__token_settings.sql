-- Token settings at run time (issue 16): tiers, the default tier and tenants' own leaky buckets as data, editable
-- through /api/admin/tokens/*. Seeded once from the environment (FAMILIAR_TOKEN_TIERS, FAMILIAR_TOKEN_DEFAULT_TIER,
-- FAMILIAR_RATE_LIMIT_TENANTS) when default_tier is still null, i.e. at the first start on this database; after
-- that the rows win and the variables are ignored.

-- One row: the settings' version and the default tier. Every write first moves version by one (the row lock
-- serialises writers on H2 and PostgreSQL alike); servers re-read the settings when the version they hold is not
-- this one, checked at most every FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS.
CREATE TABLE token_settings (
    id            INTEGER      NOT NULL PRIMARY KEY,
    version       BIGINT       NOT NULL,
    default_tier  VARCHAR(20),
    updated_at    TIMESTAMP WITH TIME ZONE,
    updated_by    VARCHAR(100)
);

INSERT INTO token_settings (id, version) VALUES (1, 0);

-- A tier: priority orders tiers (FREE 0 … ENTERPRISE 4); quota_max_tokens caps a user's quota per window; the
-- multipliers scale the user's leaky bucket (capacity, leak rate).
CREATE TABLE token_tier (
    name                 VARCHAR(20)      NOT NULL PRIMARY KEY,
    priority             INTEGER          NOT NULL,
    quota_max_tokens     BIGINT           NOT NULL,
    capacity_multiplier  DOUBLE PRECISION NOT NULL,
    leak_multiplier      DOUBLE PRECISION NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by           VARCHAR(100)     NOT NULL
);

-- A tenant's own leaky bucket: capacity tokens draining over window_seconds. No foreign key: the environment may
-- name a tenant (tenant-acme) before it exists; the API only writes limits of tenants that exist.
CREATE TABLE token_tenant_limit (
    tenant_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    capacity        BIGINT       NOT NULL,
    window_seconds  BIGINT       NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(100) NOT NULL
);

-- How many users are on a tier (a tier in use cannot be dropped; previews count the users a change touches).
CREATE INDEX ix_token_user_tier_tier ON token_user_tier (tier);
