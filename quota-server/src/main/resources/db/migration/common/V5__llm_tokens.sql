-- The LLM-token API (002_…). A user's tier (BRONZE by default when absent) and, for any tier, a custom allowance
-- (capped by the tier's quotaMaxTokens).
CREATE TABLE token_user_tier (
    user_id        VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES app_user (id),
    tier           VARCHAR(20)  NOT NULL,
    custom_tokens  BIGINT,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Token quotas per owner (a USER or an ORG) and provider: total_tokens per window of window_seconds starting at
-- window_start; used_tokens spent in that window. A window that has ended is rolled forward before use.
CREATE TABLE token_quota (
    owner_kind      VARCHAR(8)   NOT NULL,
    owner_id        VARCHAR(36)  NOT NULL,
    provider        VARCHAR(32)  NOT NULL,
    total_tokens    BIGINT       NOT NULL,
    used_tokens     BIGINT       NOT NULL,
    window_seconds  BIGINT       NOT NULL,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, provider)
);

-- Purchased tokens: a balance per owner and provider that does not reset with the window; spent after the
-- window's allowance.
CREATE TABLE token_balance (
    owner_kind  VARCHAR(8)   NOT NULL,
    owner_id    VARCHAR(36)  NOT NULL,
    provider    VARCHAR(32)  NOT NULL,
    balance     BIGINT       NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, provider)
);

-- Every consume attempt, allowed or denied: the analytics source and the audit trail. outcome: ALLOWED,
-- RATE_LIMITED, NO_QUOTA, PROVIDER_FAILED.
CREATE TABLE token_usage_event (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id      VARCHAR(36)  NOT NULL,
    tenant_id    VARCHAR(36)  NOT NULL,
    org_id       VARCHAR(36),
    provider     VARCHAR(32)  NOT NULL,
    tokens       BIGINT       NOT NULL,
    allowed      BOOLEAN      NOT NULL,
    outcome      VARCHAR(16)  NOT NULL,
    request_id   VARCHAR(128),
    ip_address   VARCHAR(64),
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_token_usage_provider_time ON token_usage_event (provider, occurred_at);
CREATE INDEX ix_token_usage_user_time ON token_usage_event (user_id, occurred_at);
CREATE INDEX ix_token_usage_org_time ON token_usage_event (org_id, occurred_at);
CREATE INDEX ix_token_usage_time ON token_usage_event (occurred_at);

-- Token purchases as sagas: STARTED → PAYMENT_RESERVED → TOKENS_ALLOCATED → COMPLETED, or FAILED after
-- compensation. (user_id, idempotency_key) is unique; payload_hash tells a retry from another purchase under the key.
CREATE TABLE token_purchase (
    saga_id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    user_id          VARCHAR(36)   NOT NULL,
    tenant_id        VARCHAR(36)   NOT NULL,
    org_id           VARCHAR(36),
    provider         VARCHAR(32)   NOT NULL,
    tokens           BIGINT        NOT NULL,
    amount           BIGINT        NOT NULL,
    currency         VARCHAR(3)    NOT NULL,
    idempotency_key  VARCHAR(100),
    payload_hash     VARCHAR(64)   NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    payment_id       VARCHAR(255),
    error            VARCHAR(500),
    compensated      BOOLEAN       NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until      TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX ux_token_purchase_key ON token_purchase (user_id, idempotency_key);
CREATE INDEX ix_token_purchase_open ON token_purchase (status, updated_at);
