-- Issue 16: the audit log query (GET /api/admin/audit) pages newest first by (created_at DESC, id DESC) with optional
-- filters on actor, action (exact or prefix), tenant and a time window. Each filter reads one index range from the
-- cursor on; the order needs id after created_at so a page ends where the next begins. The existing
-- ix_audit_log_tenant_time (tenant_id, created_at) stays for the older readers.
CREATE INDEX ix_audit_log_time_id ON audit_log (created_at, id);
CREATE INDEX ix_audit_log_tenant_time_id ON audit_log (tenant_id, created_at, id);
CREATE INDEX ix_audit_log_actor_time_id ON audit_log (actor, created_at, id);
CREATE INDEX ix_audit_log_action_time_id ON audit_log (action, created_at, id);
