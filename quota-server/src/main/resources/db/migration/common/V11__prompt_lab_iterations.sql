-- Prompt Lab (issue 14): every iteration kept, R&D tokens apart.

-- One run of function@version with one row of data, immutable once written (no UPDATE anywhere). data_json and
-- settings_json are the JSON texts of the injected data and of the effective settings; the rendered prompt is
-- stored as sent, and re-renders byte-identical from the version and data_json. status SUCCEEDED or FAILED (then
-- error says why, safe to show, and output is null).
CREATE TABLE prompt_iteration (
    id                 VARCHAR(36)      NOT NULL PRIMARY KEY,
    function_name      VARCHAR(100)     NOT NULL,
    version            INTEGER          NOT NULL,
    template_hash      VARCHAR(64)      NOT NULL,
    data_json          VARCHAR(1000000) NOT NULL,
    rendered_prompt    VARCHAR(1000000) NOT NULL,
    provider           VARCHAR(32)      NOT NULL,
    model              VARCHAR(200),
    settings_json      VARCHAR(200000)  NOT NULL,
    output             VARCHAR(1000000),
    prompt_tokens      BIGINT           NOT NULL,
    completion_tokens  BIGINT           NOT NULL,
    latency_ms         BIGINT           NOT NULL,
    cost               DECIMAL(24, 10)  NOT NULL,
    currency           VARCHAR(3)       NOT NULL,
    status             VARCHAR(16)      NOT NULL,
    error              VARCHAR(500),
    dry_run            BOOLEAN          NOT NULL,
    batch_id           VARCHAR(36),
    created_by         VARCHAR(36)      NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The history of a function, newest first (keyset on created_at, id), and of every function; a batch's rows.
CREATE INDEX ix_prompt_iteration_function_time ON prompt_iteration (function_name, created_at, id);
CREATE INDEX ix_prompt_iteration_time ON prompt_iteration (created_at, id);
CREATE INDEX ix_prompt_iteration_batch ON prompt_iteration (batch_id, created_at);

-- Optional monthly R&D budgets: scope ENGINEER (subject a user id) or FUNCTION (subject a function name).
CREATE TABLE rnd_budget (
    scope           VARCHAR(16)  NOT NULL,
    subject         VARCHAR(100) NOT NULL,
    monthly_tokens  BIGINT       NOT NULL,
    updated_by      VARCHAR(100) NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, subject)
);

-- The token ledger tells product use (customers' quotas) from R&D (the lab, never against a quota).
ALTER TABLE token_usage_event ADD COLUMN purpose VARCHAR(16) DEFAULT 'PRODUCT' NOT NULL;
ALTER TABLE token_usage_event ADD COLUMN function_name VARCHAR(100);
ALTER TABLE token_usage_event ADD COLUMN engineer VARCHAR(36);
-- A month's R&D use per engineer and per function (the budgets), and analytics by purpose.
CREATE INDEX ix_token_usage_rnd_engineer ON token_usage_event (purpose, engineer, occurred_at);
CREATE INDEX ix_token_usage_rnd_function ON token_usage_event (purpose, function_name, occurred_at);
CREATE INDEX ix_token_usage_purpose_time ON token_usage_event (purpose, provider, occurred_at);
