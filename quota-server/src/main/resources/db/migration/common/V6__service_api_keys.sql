-- What an API key may do: USER keys act as their user, with that user's roles; SERVICE keys are a tenant's
-- backend acting for any user of tenant_id (user_id is then the user who owns and manages the key).
ALTER TABLE api_key ADD COLUMN key_role VARCHAR(16) DEFAULT 'USER' NOT NULL;
