-- The plan catalog. A plan allows a number of units per billing period for each metric it meters.
CREATE TABLE plan (
    code        VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE plan_metric (
    plan_code       VARCHAR(64) NOT NULL REFERENCES plan (code),
    metric          VARCHAR(64) NOT NULL,
    included_units  BIGINT      NOT NULL,
    PRIMARY KEY (plan_code, metric)
);

-- One entitlement per tenant: its plan, lifecycle status and current billing period. Periods are monthly from
-- billing_anchor; period_start/period_end are the period last written by a rollover. A scheduled change (a
-- downgrade at period end) takes effect at scheduled_at.
CREATE TABLE entitlement (
    tenant_id            VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES tenant (id),
    plan_code            VARCHAR(64)  NOT NULL REFERENCES plan (code),
    status               VARCHAR(16)  NOT NULL,
    trial_ends_at        TIMESTAMP WITH TIME ZONE,
    billing_anchor       TIMESTAMP WITH TIME ZONE NOT NULL,
    period_start         TIMESTAMP WITH TIME ZONE NOT NULL,
    period_end           TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled_plan_code  VARCHAR(64)  REFERENCES plan (code),
    scheduled_at         TIMESTAMP WITH TIME ZONE,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every usage event, once per (tenant, request_id). The first answer is kept byte for byte so a retry gets
-- it back; payload_hash tells a retry from a different request reusing the id.
CREATE TABLE usage_event (
    tenant_id        VARCHAR(36)  NOT NULL,
    request_id       VARCHAR(255) NOT NULL,
    metric           VARCHAR(64)  NOT NULL,
    amount           BIGINT       NOT NULL,
    occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    period_key       VARCHAR(10)  NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    payload_hash     VARCHAR(64)  NOT NULL,
    response_status  INTEGER      NOT NULL,
    response_body    VARCHAR(2000) NOT NULL,
    PRIMARY KEY (tenant_id, request_id)
);
CREATE INDEX ix_usage_event_period ON usage_event (tenant_id, metric, period_key);

-- Units used per tenant, metric and period (period_key = the period's start date, yyyy-MM-dd, UTC).
CREATE TABLE usage_counter (
    tenant_id   VARCHAR(36) NOT NULL,
    metric      VARCHAR(64) NOT NULL,
    period_key  VARCHAR(10) NOT NULL,
    used        BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, metric, period_key)
);
