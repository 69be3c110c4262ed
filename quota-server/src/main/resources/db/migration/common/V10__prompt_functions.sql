-- Prompt functions (issue 14): typed prompt templates with immutable versions, their deployments, and the
-- deployed-functions table the product's LLM manager reads (its contract: docs/DEPLOYED_FUNCTIONS.md).
-- JSON columns hold text written by the server (Jackson), read back by it and by readers of deployed_function.

CREATE TABLE prompt_function (
    name         VARCHAR(64)    NOT NULL PRIMARY KEY,
    description  VARCHAR(2000)  NOT NULL,
    created_by   VARCHAR(100)   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A version is never updated or deleted. change_class and breaking compare it with version - 1 (NULL and [] for 1).
CREATE TABLE prompt_version (
    function_name  VARCHAR(64)     NOT NULL REFERENCES prompt_function (name),
    version        INT             NOT NULL,
    template       VARCHAR(200000) NOT NULL,
    template_hash  VARCHAR(64)     NOT NULL,
    parameters     VARCHAR(200000) NOT NULL,
    settings       VARCHAR(200000) NOT NULL,
    change_class   VARCHAR(8),
    breaking       VARCHAR(200000) NOT NULL,
    created_by     VARCHAR(100)    NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (function_name, version),
    CONSTRAINT ck_prompt_version_number CHECK (version >= 1),
    CONSTRAINT ck_prompt_version_class CHECK (change_class IS NULL OR change_class IN ('PATCH', 'MINOR', 'MAJOR'))
);

-- Requests to make a version the active one of a major, and what became of them. previous_id: the deployment this
-- one replaced when it became ACTIVE (what a rollback returns to).
CREATE TABLE prompt_deployment (
    id             VARCHAR(36)     NOT NULL PRIMARY KEY,
    function_name  VARCHAR(64)     NOT NULL,
    version        INT             NOT NULL,
    major          INT             NOT NULL,
    status         VARCHAR(20)     NOT NULL,
    change_class   VARCHAR(8),
    breaking       VARCHAR(200000) NOT NULL,
    requested_by   VARCHAR(100)    NOT NULL,
    requested_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_by     VARCHAR(100),
    decided_at     TIMESTAMP WITH TIME ZONE,
    previous_id    VARCHAR(36),
    CONSTRAINT fk_prompt_deployment_version FOREIGN KEY (function_name, version)
        REFERENCES prompt_version (function_name, version),
    CONSTRAINT ck_prompt_deployment_status
        CHECK (status IN ('PENDING_APPROVAL', 'ACTIVE', 'SUPERSEDED', 'ROLLED_BACK', 'REJECTED')),
    CONSTRAINT ck_prompt_deployment_major CHECK (major >= 1)
);
CREATE INDEX ix_prompt_deployment_function ON prompt_deployment (function_name, requested_at);
CREATE INDEX ix_prompt_deployment_status ON prompt_deployment (status, requested_at);

-- The stable contract with the product's LLM manager: one row per (function, major), the version serving that
-- major's callers, self-contained (template, parameters, JSON Schema, settings). Only additive changes.
CREATE TABLE deployed_function (
    function_name  VARCHAR(64)     NOT NULL,
    major          INT             NOT NULL,
    version        INT             NOT NULL,
    template       VARCHAR(200000) NOT NULL,
    template_hash  VARCHAR(64)     NOT NULL,
    parameters     VARCHAR(200000) NOT NULL,
    json_schema    VARCHAR(200000) NOT NULL,
    settings       VARCHAR(200000) NOT NULL,
    deployment_id  VARCHAR(36)     NOT NULL,
    activated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (function_name, major),
    CONSTRAINT fk_deployed_function_version FOREIGN KEY (function_name, version)
        REFERENCES prompt_version (function_name, version)
);
