-- Dashboards (issue 16): daily rollups of token_usage_event and usage_event, kept by the database. A background job
-- (dashboard.DashboardRollup) fills one closed UTC day at a time (DELETE + INSERT ... SELECT ... GROUP BY in one
-- transaction, so a day is rolled whole or not at all); the dashboards read closed days here and the days after
-- the state's rolled_through live from the raw tables. See docs/admin/dashboards.md.

-- Token attempts of the platform per day, provider and purpose (PRODUCT / R&D).
CREATE TABLE dash_token_day (
    day_utc                     DATE         NOT NULL,
    provider                VARCHAR(32)  NOT NULL,
    purpose                 VARCHAR(16)  NOT NULL,
    allowed_events          BIGINT       NOT NULL,
    allowed_tokens          BIGINT       NOT NULL,
    rate_limited_events     BIGINT       NOT NULL,
    no_quota_events         BIGINT       NOT NULL,
    provider_failed_events  BIGINT       NOT NULL,
    denied_tokens           BIGINT       NOT NULL,
    PRIMARY KEY (day_utc, provider, purpose)
);

-- The same per organisation (COALESCE(org_id, tenant_id) of the event).
CREATE TABLE dash_org_token_day (
    org_id                  VARCHAR(36)  NOT NULL,
    day_utc                     DATE         NOT NULL,
    provider                VARCHAR(32)  NOT NULL,
    purpose                 VARCHAR(16)  NOT NULL,
    allowed_events          BIGINT       NOT NULL,
    allowed_tokens          BIGINT       NOT NULL,
    rate_limited_events     BIGINT       NOT NULL,
    no_quota_events         BIGINT       NOT NULL,
    provider_failed_events  BIGINT       NOT NULL,
    denied_tokens           BIGINT       NOT NULL,
    PRIMARY KEY (org_id, day_utc, provider, purpose)
);
CREATE INDEX ix_dash_org_token_day_day ON dash_org_token_day (day_utc, org_id);

-- Product attempts per user, day and provider (top users): allowed tokens, attempts, denied attempts.
CREATE TABLE dash_user_token_day (
    day_utc             DATE         NOT NULL,
    user_id         VARCHAR(36)  NOT NULL,
    provider        VARCHAR(32)  NOT NULL,
    org_id          VARCHAR(36)  NOT NULL,
    allowed_tokens  BIGINT       NOT NULL,
    events          BIGINT       NOT NULL,
    denied_events   BIGINT       NOT NULL,
    PRIMARY KEY (day_utc, user_id, provider, org_id)
);

-- Metered usage per organisation (usage_event.tenant_id), day of occurred_at and metric.
CREATE TABLE dash_usage_day (
    org_id  VARCHAR(36)  NOT NULL,
    day_utc     DATE         NOT NULL,
    metric  VARCHAR(64)  NOT NULL,
    units   BIGINT       NOT NULL,
    events  BIGINT       NOT NULL,
    PRIMARY KEY (org_id, day_utc, metric)
);
CREATE INDEX ix_dash_usage_day_day ON dash_usage_day (day_utc, org_id);

-- One row per rollup ('tokens', 'usage'): the last day rolled (days up to it are read from the rollup tables) and,
-- for usage, the received_at watermark of the late events already re-rolled. Its row lock serialises the job.
CREATE TABLE dash_rollup_state (
    name            VARCHAR(16)  NOT NULL PRIMARY KEY,
    rolled_through  DATE,
    watermark       TIMESTAMP WITH TIME ZONE
);
INSERT INTO dash_rollup_state (name, rolled_through, watermark) VALUES ('tokens', NULL, NULL);
INSERT INTO dash_rollup_state (name, rolled_through, watermark) VALUES ('usage', NULL, NULL);

-- The live day and the rolling job read metered events by time; late events are found by received_at.
CREATE INDEX ix_usage_event_occurred ON usage_event (occurred_at);
CREATE INDEX ix_usage_event_received ON usage_event (received_at);
