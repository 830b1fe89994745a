package io.customer360.mesh;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** Reads profile-service's IT database directly: which partner events reached the timeline, and how often. */
final class ProfileStore {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/c360_profile_it";

    private ProfileStore() {}

    /** Timeline rows whose event id starts with the prefix (a duplicate would count twice). */
    static long timelineRows(String eventIdPrefix) throws SQLException {
        return queryLong("SELECT count(*) FROM timeline_events WHERE event_id LIKE ?", eventIdPrefix);
    }

    static long distinctTimelineEvents(String eventIdPrefix) throws SQLException {
        return queryLong("SELECT count(DISTINCT event_id) FROM timeline_events WHERE event_id LIKE ?", eventIdPrefix);
    }

    /** Events parked (stored aside after failing every delivery) whose event id starts with the prefix. */
    static long parkedEvents(String eventIdPrefix) throws SQLException {
        return queryLong("SELECT count(*) FROM parked_events WHERE event_id LIKE ?", eventIdPrefix);
    }

    static Set<String> timelineEventIds(String eventIdPrefix) throws SQLException {
        try (var connection = DriverManager.getConnection(URL, "postgres", "");
                var statement =
                        connection.prepareStatement("SELECT event_id FROM timeline_events WHERE event_id LIKE ?")) {
            statement.setString(1, eventIdPrefix + "%");
            Set<String> ids = new HashSet<>();
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
            return ids;
        }
    }

    private static long queryLong(String sql, String eventIdPrefix) throws SQLException {
        try (var connection = DriverManager.getConnection(URL, "postgres", "");
                var statement = connection.prepareStatement(sql)) {
            statement.setString(1, eventIdPrefix + "%");
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
