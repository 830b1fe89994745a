-- The customer list's filter indexes, (tenant, status, id) and (tenant, health_band, id), could also answer a lookup of
-- one customer by (tenant, id): tenant as the leading key, id checked on every index entry of the tenant. While the
-- table has no statistics (a new database, until autovacuum first analyzes it) the planner prices both indexes as the
-- primary key and took the newest one. A plan made then is kept: the foreign-key checks of every timeline, record
-- and purchase row (one lookup of the customer each) scanned all of the tenant's customers until the next ANALYZE, and
-- PostgreSQL spent 3.5 times more CPU per applied event (BENCHMARKS.md, issue 20: 385 against 108-112 µs).
-- As partial indexes they serve only queries that filter on status or health band (status = $3 implies IS NOT NULL),
-- so a lookup by id can only use the primary key. status is generated with a default and never null: nothing is left
-- out of that index.
DROP INDEX customers_by_status;
DROP INDEX customers_by_health_band;
CREATE INDEX customers_by_status ON customers (tenant, status, id) WHERE status IS NOT NULL;
CREATE INDEX customers_by_health_band ON customers (tenant, health_band, id) WHERE health_band IS NOT NULL;
