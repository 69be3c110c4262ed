-- The customers page sorts and searches organisations by their lower-cased name (prefix search: LIKE 'acme%'
-- reads a range of this index). H2 compares strings by UTF-16 code units, as PostgreSQL's "C" collation does
-- for these keys, so both databases order pages alike.
ALTER TABLE tenant ADD COLUMN name_key VARCHAR(200) GENERATED ALWAYS AS (LOWER(name));
CREATE INDEX ix_tenant_name_key ON tenant (name_key, id);
