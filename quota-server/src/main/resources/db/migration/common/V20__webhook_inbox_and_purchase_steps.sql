-- Issue 16, the administrators' webhook inbox and purchases. The inbox is paged newest received first, filtered
-- by status, by event type (exact or prefix) and by received time; each filter has an index that serves its
-- order (received_at DESC, event_id DESC) directly.
CREATE INDEX ix_webhook_event_received ON webhook_event (received_at, event_id);
CREATE INDEX ix_webhook_event_type_received ON webhook_event (event_type, received_at);
CREATE INDEX ix_webhook_event_status_received ON webhook_event (status, received_at);

-- Purchases are paged newest created first, by status and by organisation.
CREATE INDEX ix_token_purchase_created ON token_purchase (created_at, saga_id);
CREATE INDEX ix_token_purchase_status_created ON token_purchase (status, created_at);
CREATE INDEX ix_token_purchase_org_created ON token_purchase (org_id, created_at);

-- The steps each purchase saga took, in order (seq from 1 per saga): step (START, RESERVE_PAYMENT,
-- ALLOCATE_TOKENS, CAPTURE_PAYMENT, COMPENSATE, RECONCILE, RETRY, GIVE_UP), outcome (SUCCEEDED, FAILED, UNKNOWN,
-- RETRYING) and a short detail without secrets. Written in the transaction of the state change it records where
-- there is one. Sagas started before V20 have no rows.
CREATE TABLE token_purchase_step (
    saga_id  VARCHAR(36)  NOT NULL,
    seq      INTEGER      NOT NULL,
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    step     VARCHAR(32)  NOT NULL,
    outcome  VARCHAR(16)  NOT NULL,
    detail   VARCHAR(500),
    PRIMARY KEY (saga_id, seq)
);
