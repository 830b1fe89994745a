package io.customer360.aggregator.service.view;

import io.customer360.common.api.ProblemException;
import java.util.List;

/** The seed's focus areas ({@code ?focus=}); none is a balanced view. */
public final class Focus {

    public static final List<String> AREAS = List.of("health", "risk", "expansion", "renewal", "support");

    private Focus() {}

    /** The focus asked for, or null; an unknown one is a 400 naming the allowed ones. */
    public static String parse(String requested) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        if (!AREAS.contains(requested)) {
            throw ProblemException.invalid("focus", "must be one of " + AREAS);
        }
        return requested;
    }
}
