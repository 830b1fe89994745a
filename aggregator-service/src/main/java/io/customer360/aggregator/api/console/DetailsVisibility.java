package io.customer360.aggregator.api.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.service.view.VisibilityRules;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customer page's records under the 360's visibility rules: a record the view withholds from this person is not
 * shown beside it either. profile-service withholds them itself when it has the same rules; this holds when it does
 * not (and says "withheld" rather than the "unavailable" of its 403). The segments come from the profile part; when it
 * did not answer they are unknown and every rule the person lacks a role for applies.
 */
final class DetailsVisibility {

    /** A part of the page → the part of the view it shows. */
    static final Map<String, String> PART_OF_VIEW = Map.of(
            "profile",
            "accountProfile",
            "contacts",
            "engagementSummary",
            "subscription",
            "commercialSummary",
            "support",
            "supportSummary",
            "usage",
            "usageSummary");

    private DetailsVisibility() {}

    static ObjectNode apply(ObjectNode details, List<VisibilityRules.Rule> withheldFromCaller) {
        if (withheldFromCaller.isEmpty()
                || details.path("profile").path("status").asText().equals("missing")) {
            return details;
        }
        Set<String> segments = VisibilityRules.segmentsOfJson(
                ConsoleUpstream.data(details.path("profile") instanceof ObjectNode part ? part : null));
        for (VisibilityRules.Rule rule : VisibilityRules.applicable(withheldFromCaller, segments)) {
            PART_OF_VIEW.forEach((pagePart, viewPart) -> {
                if (rule.parts().contains(viewPart)
                        && !details.path(pagePart).path("status").asText().equals("withheld")) {
                    details.set(
                            pagePart,
                            JsonNodeFactory.instance
                                    .objectNode()
                                    .put("status", "withheld")
                                    .put("reason", "visibility rule " + rule.name()));
                }
            });
        }
        return details;
    }
}
