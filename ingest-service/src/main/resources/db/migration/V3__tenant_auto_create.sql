-- Whether events may create customers profile-service does not know yet; null: the configured default
-- (ingest.auto-create-customer, NATS_AUTO_CREATE_CUSTOMER).
ALTER TABLE tenant_settings ADD COLUMN auto_create_customers boolean;
