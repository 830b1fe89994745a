package io.customer360.aggregator.service.context;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One entry of a context pack, in rank order: {@code kind} (summary, risk, action, narrative, opportunity, section,
 * note), its text with staleness and redaction marks inline, and the events it rests on. Serialized by hand into the
 * pack, hence registered for native images.
 */
@RegisterForReflection
public record ContextItem(
        int rank, String kind, String text, boolean stale, boolean redacted, List<String> evidenceEventIds) {}
