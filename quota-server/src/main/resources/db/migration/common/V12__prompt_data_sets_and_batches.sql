-- Prompt Lab data sets and batches (issue 14).
-- A data set is a named, ordered list of rows of parameter values (a JSON object each, with an optional label),
-- reusable across functions and versions; PUT replaces it whole (the rows are deleted with it).
CREATE TABLE prompt_data_set (
    name         VARCHAR(64)   NOT NULL PRIMARY KEY,
    description  VARCHAR(1000),
    row_count    INTEGER       NOT NULL,
    updated_by   VARCHAR(100)  NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE prompt_data_set_row (
    data_set     VARCHAR(64)   NOT NULL REFERENCES prompt_data_set (name) ON DELETE CASCADE,
    position     INTEGER       NOT NULL,
    label        VARCHAR(200),
    row_values   VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (data_set, position)
);

-- A batch runs function@version over every row of a data set (as it was when the batch started), one row after
-- the other. status: RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED. The counters are written after each row
-- together with that row's iteration id. heartbeat_at is moved forward by the server running the batch; a RUNNING
-- batch whose heartbeat is old belongs to a server that stopped without saying so, and becomes INTERRUPTED.
-- cancel_requested is read by the running server after each row, so any server may ask a batch to stop.
CREATE TABLE prompt_batch (
    id                 VARCHAR(36)   NOT NULL PRIMARY KEY,
    function_name      VARCHAR(64)   NOT NULL,
    version            INTEGER       NOT NULL,
    data_set           VARCHAR(64)   NOT NULL,
    settings           VARCHAR(100000),
    status             VARCHAR(16)   NOT NULL,
    total              INTEGER       NOT NULL,
    done               INTEGER       NOT NULL,
    failed             INTEGER       NOT NULL,
    prompt_tokens      BIGINT        NOT NULL,
    completion_tokens  BIGINT        NOT NULL,
    cost               DECIMAL(24, 10) NOT NULL,
    error              VARCHAR(1000),
    cancel_requested   BOOLEAN       NOT NULL,
    created_by         VARCHAR(100)  NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ck_prompt_batch_status CHECK (status IN ('RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED', 'INTERRUPTED'))
);
CREATE INDEX ix_prompt_batch_status ON prompt_batch (status, heartbeat_at);

-- The iteration of each row that has run, in row order (position = the row's index in the data set).
CREATE TABLE prompt_batch_row (
    batch_id      VARCHAR(36)  NOT NULL REFERENCES prompt_batch (id) ON DELETE CASCADE,
    position      INTEGER      NOT NULL,
    iteration_id  VARCHAR(36)  NOT NULL,
    PRIMARY KEY (batch_id, position)
);
