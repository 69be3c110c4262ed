-- Issue 15: accounts signed in with an external identity provider. One row links a person of a provider's
-- directory ('entra': the Entra tenant id and the person's object id, oid) to our account; the first sign-in creates
-- the account and this row in one transaction, later sign-ins find the account through the primary key. An account is
-- never linked to two people, and a local (password) account is never linked silently.
CREATE TABLE external_identity (
    provider        VARCHAR(16)  NOT NULL,
    issuer_tenant   VARCHAR(64)  NOT NULL,
    subject         VARCHAR(64)  NOT NULL,
    user_id         VARCHAR(36)  NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sign_in_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_external_identity PRIMARY KEY (provider, issuer_tenant, subject),
    CONSTRAINT uq_external_identity_user UNIQUE (user_id)
);
