-- The audit log's action prefix filter (action LIKE 'billing.%') on PostgreSQL needs a pattern-ops index unless the
-- database collation is C; H2 uses ix_audit_log_action_time_id for it. (Version 17.1 is shared with ../common; nothing
-- else uses it.)
CREATE INDEX ix_audit_log_action_prefix ON audit_log (action varchar_pattern_ops, created_at);
