-- The price of each catalog plan at the payment provider. stripe_price_id is set by an admin after the price
-- was created in Stripe; dry-run billing works without it. tier orders plans (higher = more expensive) so that
-- upgrades and downgrades can be told apart.
CREATE TABLE plan_price (
    plan_code         VARCHAR(64)  NOT NULL PRIMARY KEY REFERENCES plan (code),
    stripe_price_id   VARCHAR(255),
    currency          VARCHAR(3)   NOT NULL,
    amount            BIGINT       NOT NULL,
    billing_interval  VARCHAR(8)   NOT NULL,
    trial_days        INTEGER      NOT NULL,
    tier              INTEGER      NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_plan_price_stripe ON plan_price (stripe_price_id);

-- A tenant's account at the payment provider and the last subscription state we applied. The sign-up email is
-- unique: the same email signing up again is ORG_EXISTS.
CREATE TABLE billing_account (
    tenant_id             VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES tenant (id),
    email                 VARCHAR(320) NOT NULL,
    customer_id           VARCHAR(255),
    checkout_url          VARCHAR(2000),
    subscription_id       VARCHAR(255),
    subscription_status   VARCHAR(32),
    price_id              VARCHAR(255),
    item_id               VARCHAR(255),
    schedule_id           VARCHAR(255),
    cancel_at_period_end  BOOLEAN      NOT NULL,
    paused                BOOLEAN      NOT NULL,
    current_period_start  TIMESTAMP WITH TIME ZONE,
    current_period_end    TIMESTAMP WITH TIME ZONE,
    trial_end             TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_billing_account_email ON billing_account (email);
CREATE UNIQUE INDEX ux_billing_account_customer ON billing_account (customer_id);
CREATE UNIQUE INDEX ux_billing_account_subscription ON billing_account (subscription_id);

-- The newest provider event applied to each provider object (customer, subscription, invoice): an older event
-- for the same object is stale and never overwrites what a newer one wrote.
CREATE TABLE billing_object_version (
    object_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    event_created  BIGINT       NOT NULL,
    event_id       VARCHAR(255) NOT NULL
);

-- Invoices as the provider reported them (InvoiceRef).
CREATE TABLE invoice_ref (
    id               VARCHAR(255) NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    subscription_id  VARCHAR(255),
    status           VARCHAR(32)  NOT NULL,
    amount_due       BIGINT       NOT NULL,
    amount_paid      BIGINT       NOT NULL,
    currency         VARCHAR(3)   NOT NULL,
    hosted_url       VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    period_start     TIMESTAMP WITH TIME ZONE,
    period_end       TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_invoice_ref_tenant ON invoice_ref (tenant_id, created_at);

-- The webhook inbox: every provider event once, by event id, with its raw payload. status: PENDING, APPLIED,
-- STALE (an older event than the state we hold), IGNORED (not for us), FAILED (kept failing; see last_error).
CREATE TABLE webhook_event (
    event_id         VARCHAR(255)    NOT NULL PRIMARY KEY,
    event_type       VARCHAR(100)    NOT NULL,
    object_id        VARCHAR(255),
    event_created    BIGINT          NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    payload          VARCHAR(1000000) NOT NULL,
    correlation_id   VARCHAR(255)    NOT NULL,
    source           VARCHAR(16)     NOT NULL,
    status           VARCHAR(16)     NOT NULL,
    attempts         INTEGER         NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until      TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(1000),
    applied_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_webhook_event_due ON webhook_event (status, next_attempt_at);

-- Refunds made when a subscription was cancelled now, with the formula that computed the amount.
CREATE TABLE billing_refund (
    id           VARCHAR(255) NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    invoice_id   VARCHAR(255) NOT NULL,
    amount       BIGINT       NOT NULL,
    currency     VARCHAR(3)   NOT NULL,
    formula      VARCHAR(500) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The dry-run payment provider's own objects (customers, subscriptions, invoices, schedules, refunds...), kept in
-- Stripe's JSON shape, and its idempotency keys.
CREATE TABLE dryrun_object (
    id           VARCHAR(64)    NOT NULL PRIMARY KEY,
    object_type  VARCHAR(32)    NOT NULL,
    customer_id  VARCHAR(64),
    body         VARCHAR(100000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_dryrun_object_customer ON dryrun_object (customer_id, object_type);

CREATE TABLE dryrun_idempotency (
    idempotency_key  VARCHAR(255)    NOT NULL PRIMARY KEY,
    response         VARCHAR(100000) NOT NULL
);
