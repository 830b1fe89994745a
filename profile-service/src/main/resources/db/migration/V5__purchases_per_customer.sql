-- A purchase is keyed within its customer: two customers whose events name the same purchase id each keep theirs,
-- whatever order the events arrive in (the first one no longer wins).
ALTER TABLE purchases DROP CONSTRAINT purchases_pkey;
ALTER TABLE purchases ADD PRIMARY KEY (tenant, customer_id, id);
DROP INDEX purchases_by_customer;
CREATE INDEX purchases_by_customer ON purchases (tenant, customer_id, purchased_at DESC);
