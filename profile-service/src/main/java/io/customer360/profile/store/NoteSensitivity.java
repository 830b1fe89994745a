package io.customer360.profile.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Comparator;
import java.util.Set;

/**
 * Keeps {@code timeline_events.sensitive} true for every entry of a sensitive note, not only for the entries that said
 * {@code sensitive: true}: a content-only change of a sensitive note, an earlier version of its text, a partner's
 * {@code "sensitive": false}. Every surface that shows timeline entries (timeline, search, sections, analytics,
 * export, and through them the aggregator's view, context pack, MCP tools, live streams and console) reads that one
 * column, so redaction is decided here once.
 *
 * <p>The rule, a function of the note's entries alone (so it is the same whatever order events arrive in, and a
 * merge or an unmerge recomputes it): an entry is sensitive when it raised the note's sensitivity itself, or when
 * the note was ever raised and no platform lowering ({@link io.customer360.profile.domain.projection.SensitivityMark})
 * comes after the last raise and at or before the entry. So once raised, the note's whole history is redacted; only
 * what is written after a lowering by a c360.sensitive caller is shown again. The SQL is
 * {@code refresh_note_sensitivity} (V5 migration), which runs inside the writer's transaction after the note's
 * record row is locked, so concurrent batches of one note recompute one after the other.
 */
final class NoteSensitivity {

    /** One note of one customer. */
    record NoteKey(String tenant, String customerId, String noteId) implements Comparable<NoteKey> {
        private static final Comparator<NoteKey> ORDER = Comparator.comparing(NoteKey::tenant)
                .thenComparing(NoteKey::customerId)
                .thenComparing(NoteKey::noteId);

        @Override
        public int compareTo(NoteKey other) {
            return ORDER.compare(this, other);
        }
    }

    private NoteSensitivity() {}

    /** Recomputes the entries of these notes. */
    static Uni<Void> refresh(SqlConnection conn, Set<NoteKey> notes) {
        if (notes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns columns = new Columns(notes.size());
        notes.forEach(note -> columns.add(note.tenant(), note.customerId(), note.noteId()));
        return conn.preparedQuery("SELECT refresh_note_sensitivity($1::text[], $2::text[], $3::text[])")
                .execute(columns.tuple())
                .replaceWithVoid();
    }

    /** Recomputes every note of a customer (after a merge or an unmerge moved entries in or out). */
    static Uni<Void> refreshCustomer(SqlConnection conn, String tenant, String customerId) {
        return conn.preparedQuery("""
                        SELECT refresh_note_sensitivity(array_agg(tenant), array_agg(customer_id), array_agg(note_id))
                        FROM (SELECT DISTINCT tenant, customer_id, note_id FROM timeline_events
                              WHERE tenant = $1 AND customer_id = $2 AND note_id IS NOT NULL) notes""").execute(Tuple.of(tenant, customerId)).replaceWithVoid();
    }
}
