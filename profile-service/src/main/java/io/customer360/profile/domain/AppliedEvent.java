package io.customer360.profile.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The result of applying one event: the customer it landed on, that customer's identity after the change, and
 * which sections changed (empty for a duplicate).
 */
@RegisterForReflection
public record AppliedEvent(String customerId, Identity identity, List<String> sections) {

    @RegisterForReflection
    public record Identity(String name, String email, String company, String domain) {
    }

    public boolean changed() {
        return !sections.isEmpty();
    }
}
