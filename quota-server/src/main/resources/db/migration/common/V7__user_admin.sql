-- User administration (issue 13). locked_at: an administrator locked the account (no login; its access tokens and
-- API keys are refused). deleted_at: the account was deleted; its personal data is gone (username 'deleted:<id>',
-- no e-mail, no usable password) and the row stays so its usage history keeps pointing at an anonymous id.
ALTER TABLE app_user ADD COLUMN locked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE app_user ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- The admin list pages by username (unique, so the username alone is the keyset); within one tenant through this
-- index, across tenants through the unique constraint's. E-mail prefixes use uq_app_user_email.
CREATE INDEX ix_app_user_tenant_username ON app_user (tenant_id, username);
-- Every server reads the locked accounts and the recently deleted ones every few seconds.
CREATE INDEX ix_app_user_locked_at ON app_user (locked_at);
CREATE INDEX ix_app_user_deleted_at ON app_user (deleted_at);
