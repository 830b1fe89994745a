package io.customer360.common.contract.profile;

import java.util.List;

/**
 * A record of a customer's read model as profile-service shows it: its id, when it was first seen and last changed
 * (UTC, ISO-8601), and the events its current values come from, newest first.
 */
public interface StoredRecord {

    String id();

    String firstSeenAt();

    String lastChangedAt();

    List<String> eventIds();
}
