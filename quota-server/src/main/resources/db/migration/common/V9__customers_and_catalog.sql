-- Issue 13: the admin's customers page and archived plans.
--
-- An archived plan takes no new customers (sign-up, upgrade or downgrade to it, a new organisation on it);
-- organisations already on it keep it. NULL = not archived.
ALTER TABLE plan ADD COLUMN archived_at TIMESTAMP WITH TIME ZONE;

-- GET /api/admin/customers pages with keyset conditions on these sort keys, so a page reads about `limit` index
-- entries whatever its depth. The tenant id breaks ties and makes every key unique. (The name sort's key,
-- tenant.name_key, and its index are vendor-specific: V9_1 in ../h2 and ../postgresql.)
CREATE INDEX ix_tenant_created ON tenant (created_at, id);
CREATE INDEX ix_entitlement_plan ON entitlement (plan_code, tenant_id);
CREATE INDEX ix_entitlement_status ON entitlement (status, tenant_id);
