-- Prefix search (LIKE 'abc%') on PostgreSQL needs pattern-ops indexes unless the database collation is C; H2 uses
-- its ordinary indexes for it. (Version 7.1 is shared with ../common; nothing else uses it.)
CREATE INDEX ix_app_user_username_prefix ON app_user (username varchar_pattern_ops);
CREATE INDEX ix_app_user_email_prefix ON app_user (email varchar_pattern_ops);
