package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What {@code GET /api/v1/search} answers: the query as searched (stripped) and its hits, best first. */
@RegisterForReflection
public record SearchResults(String query, List<SearchHit> items) {}
