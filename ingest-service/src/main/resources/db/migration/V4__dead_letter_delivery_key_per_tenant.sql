-- Every key that dedupes is unique per tenant, not globally (DESIGN.md, Tenant): a delivery (NATS stream and sequence,
-- HTTP request and index) is stored once per tenant.
ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_delivery_key_key;
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_tenant_delivery_key UNIQUE (tenant, delivery_key);
