package io.customer360.profile.domain;

import java.util.List;

/**
 * The result of applying one event: the customer it landed on, that customer's identity after the change, and
 * which sections changed (empty for a duplicate).
 */
public record AppliedEvent(String customerId, Identity identity, List<String> sections) {

    public record Identity(String name, String email, String company, String domain) {
    }

    public boolean changed() {
        return !sections.isEmpty();
    }
}
