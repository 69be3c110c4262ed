-- Every server reads the families revoked within the last access-token lifetime every few seconds (issue 11):
-- access tokens of a revoked family are refused everywhere, not only once they expire.
CREATE INDEX ix_token_family_revoked ON token_family (revoked_at);
