-- The read store of the CPU benchmarks (bench/cpu-per-op.sh, bench/aggregator-cpu.sh): :customers acme customers
-- c0…, 50 timeline events and the records of every 360 section each (ProfileBenchmark's read store in small).
-- psql -v customers=N -f bench/lib/profile-seed.sql, on a profile-service database its migrations created.
CREATE OR REPLACE FUNCTION seed_v(value anyelement) RETURNS jsonb LANGUAGE sql IMMUTABLE AS
  $$ SELECT jsonb_build_object('v', to_jsonb(value), 'at', '00000000000000000|seed') $$;
INSERT INTO customers (tenant, id, fields, customer_since, lifetime_value)
  SELECT 'acme', 'c' || g, jsonb_build_object('name', seed_v('Customer ' || g), 'email', seed_v('c' || g || '@example.com'),
    'company', seed_v('Company ' || (g % 5000)), 'industry', seed_v('Retail'::text)), now() - interval '2 years', 100
  FROM generate_series(0, :customers - 1) g;
INSERT INTO customer_identities (tenant, kind, value, customer_id)
  SELECT 'acme', 'email', 'c' || g || '@example.com', 'c' || g FROM generate_series(0, :customers - 1) g;
INSERT INTO timeline_events (tenant, event_id, customer_id, event_type, occurred_at, title, description, status,
    source_service, data, metadata, received_at)
  SELECT 'acme', 'e' || g, 'c' || (g % :customers),
    (ARRAY['login','session','feature_used','login_failed','ticket_opened','nps_response','meeting_held','csm_touchpoint',
      'sales_activity','health_event'])[(g / :customers) % 10 + 1],
    now() - (g / :customers * 8 + g % 7) * interval '1 day' - (g % 1440) * interval '1 minute',
    'Event ' || g, 'Customer activity number ' || g, (ARRAY['open','completed',NULL])[g % 3 + 1], 'seed',
    jsonb_build_object('user_id', 'u' || (g % 9), 'duration_seconds', g % 3600, 'feature', 'feature_' || (g % 12),
      'score', g % 11, 'severity', 'low'), '{}'::jsonb, now()
  FROM generate_series(0, :customers * 50 - 1) g;
INSERT INTO records (tenant, customer_id, kind, record_id, fields, first_seen_at, last_changed_at)
  SELECT 'acme', 'c' || g, k.kind, k.kind || '_' || r, jsonb_build_object('status', seed_v(k.status),
    'amount', seed_v(100 * r), 'priority', seed_v('P' || (r % 4 + 1)), 'title', seed_v(k.kind || ' ' || r),
    'role', seed_v(CASE WHEN r = 0 THEN 'champion' ELSE 'user' END), 'csat', seed_v(r % 5 + 1),
    'seats_total', seed_v(20), 'seats_used', seed_v(12), 'mrr', seed_v(1000), 'content', seed_v('Note ' || r)),
    now() - (r + 5) * interval '1 day', now() - r * interval '1 day'
  FROM generate_series(0, :customers - 1) g, generate_series(0, 2) r,
    (VALUES ('ticket', 'open'), ('invoice', 'paid'), ('payment', 'failed'), ('contact', 'active'), ('deal', 'open'),
      ('note', NULL), ('work_order', 'open'), ('milestone', 'planned')) AS k(kind, status);
INSERT INTO records (tenant, customer_id, kind, record_id, fields, first_seen_at, last_changed_at)
  SELECT 'acme', 'c' || g, k.kind, k.id, jsonb_build_object('plan', seed_v('Pro'::text), 'status', seed_v('active'::text),
    'mrr', seed_v(1000), 'seats_total', seed_v(20), 'seats_used', seed_v(12), 'mfa_enabled', seed_v(true)),
    now() - interval '90 days', now() - interval '3 days'
  FROM generate_series(0, :customers - 1) g,
    (VALUES ('subscription', 'primary'), ('security', 'settings'), ('segment', 'premium')) AS k(kind, id);
INSERT INTO purchases (tenant, id, customer_id, event_id, product_name, total, purchased_at)
  SELECT 'acme', 'o' || g, 'c' || g, 'e' || g, 'Widget', 100, now() - interval '10 days' FROM generate_series(0, :customers - 1) g;
ANALYZE;
