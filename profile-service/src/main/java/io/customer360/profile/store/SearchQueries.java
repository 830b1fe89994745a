package io.customer360.profile.store;

import io.customer360.common.contract.profile.SearchHit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over customers, timeline events with text a person wrote, and knowledge (notes and knowledge entries) with PostgreSQL's
 * {@code websearch_to_tsquery} (quoted phrases, {@code or}, {@code -word}), ranked by {@code ts_rank} across all
 * three, newest first among equals. Each source is searched through its GIN index and cut to the page size before
 * the results are merged. Notes are found as notes (their current text, gone once deleted), not as the events that
 * wrote them. Highlights are HTML-safe: the text is escaped and the matches wrapped in {@code <mark>}.
 * Sensitive entries are left out for callers without c360.sensitive.
 */
@ApplicationScoped
public class SearchQueries {

    private static final String HEADLINE_OPTIONS =
            "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=8, MaxFragments=2";

    private final Pool pool;

    SearchQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<SearchHit>> search(String tenant, String query, boolean maySeeSensitive, int limit) {
        return pool.preparedQuery("""
                        WITH q AS (SELECT websearch_to_tsquery('english', $2) AS query)
                        SELECT * FROM (
                            (SELECT 'customer' AS kind, c.id AS customer_id, c.id AS id, c.name AS title,
                                    ts_rank(c.search, q.query) AS rank, c.updated_at AS at,
                                    ts_headline('english', html(concat_ws(' · ', c.name, c.email, c.company,
                                            (SELECT string_agg(tag, ' ') FROM jsonb_array_elements_text(
                                                CASE jsonb_typeof(c.fields -> 'tags' -> 'v') WHEN 'array' THEN c.fields -> 'tags' -> 'v' END) tag),
                                            (SELECT string_agg(f.value -> 'v' #>> '{}', ' ') FROM jsonb_each(c.fields) f
                                             WHERE starts_with(f.key, 'custom_fields.') AND jsonb_typeof(f.value -> 'v') IN ('string', 'number')))),
                                        q.query, $5) AS highlight
                             FROM customers c, q WHERE c.tenant = $1 AND c.search @@ q.query
                             ORDER BY rank DESC, c.updated_at DESC LIMIT $4)
                            UNION ALL
                            (SELECT 'event', t.customer_id, t.event_id, t.title, ts_rank(t.search, q.query), t.occurred_at,
                                    ts_headline('english', html(concat_ws(' · ', t.title, t.description, t.summary)), q.query, $5)
                             FROM timeline_events t, q WHERE t.tenant = $1 AND t.searchable AND t.search @@ q.query
                               AND (NOT t.sensitive OR $3)
                               AND t.event_type NOT IN ('note', 'observation')
                             ORDER BY 5 DESC, t.occurred_at DESC LIMIT $4)
                            UNION ALL
                            (SELECT r.kind, r.customer_id, r.record_id, r.fields -> 'title' ->> 'v', ts_rank(r.search, q.query),
                                    r.last_changed_at,
                                    ts_headline('english', html(concat_ws(' · ', r.fields -> 'title' ->> 'v', r.fields -> 'content' ->> 'v')),
                                                q.query, $5)
                             FROM records r, q WHERE r.tenant = $1 AND r.kind IN ('note', 'knowledge') AND r.search @@ q.query
                               AND NOT r.deleted AND (NOT r.sensitive OR $3)
                             ORDER BY 5 DESC, r.last_changed_at DESC LIMIT $4)
                        ) hits ORDER BY rank DESC, at DESC LIMIT $4""")
                .execute(Tuple.of(tenant, query, maySeeSensitive, limit, HEADLINE_OPTIONS))
                .map(rows -> {
                    List<SearchHit> hits = new ArrayList<>();
                    rows.forEach(row -> hits.add(new SearchHit(
                            row.getString("kind"),
                            row.getString("customer_id"),
                            row.getString("id"),
                            row.getString("title"),
                            row.getFloat("rank"),
                            row.getString("highlight"),
                            RecordViews.utc(row.getOffsetDateTime("at")))));
                    return hits;
                });
    }
}
