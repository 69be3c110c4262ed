-- The customers page sorts and searches organisations by their lower-cased name. The "C" collation makes the
-- one index serve both the sort and the prefix search (LIKE 'acme%' reads an index range only under "C" or with
-- a *_pattern_ops index) and orders pages as H2 does.
ALTER TABLE tenant ADD COLUMN name_key VARCHAR(200) COLLATE "C" GENERATED ALWAYS AS (lower(name)) STORED;
CREATE INDEX ix_tenant_name_key ON tenant (name_key, id);
-- Search by e-mail prefix: the sign-up e-mail (the unique indexes use the database's collation, under which LIKE
-- cannot read a range). The owners' e-mails use ix_app_user_email_prefix of V7_1.
CREATE INDEX ix_billing_account_email_prefix ON billing_account (email varchar_pattern_ops);
