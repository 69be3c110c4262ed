-- The R&D budget sums (prompt.lab.RndBudgets: purpose = 'R&D' AND engineer / function_name = ? AND a month) keep
-- their indexes on PostgreSQL as partial ones: product events (nearly all the rows) never write them. H2 has no
-- partial indexes; there the sums use ix_token_usage_purpose_time's purpose prefix. (Version 22.1 is shared with
-- ../common; nothing else uses it.)
CREATE INDEX ix_token_usage_rnd_engineer ON token_usage_event (engineer, occurred_at) WHERE purpose = 'R&D';
CREATE INDEX ix_token_usage_rnd_function ON token_usage_event (function_name, occurred_at) WHERE purpose = 'R&D';
