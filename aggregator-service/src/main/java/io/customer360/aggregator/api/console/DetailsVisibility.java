package io.customer360.aggregator.api.console;

import io.customer360.aggregator.service.view.VisibilityRules;
import io.customer360.common.contract.profile.Customer;
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

    /** {@code details} (page part → part), with every part a rule withholds from the caller replaced in place. */
    static Map<String, PagePart<?>> apply(
            Map<String, PagePart<?>> details,
            PagePart<Customer> profile,
            List<VisibilityRules.Rule> withheldFromCaller) {
        if (withheldFromCaller.isEmpty() || "missing".equals(profile.status())) {
            return details;
        }
        Set<String> segments = VisibilityRules.segmentsOf(ConsoleUpstream.data(profile));
        for (VisibilityRules.Rule rule : VisibilityRules.applicable(withheldFromCaller, segments)) {
            PART_OF_VIEW.forEach((pagePart, viewPart) -> {
                if (rule.parts().contains(viewPart)
                        && details.containsKey(pagePart)
                        && !"withheld".equals(details.get(pagePart).status())) {
                    details.put(pagePart, PagePart.withheld("visibility rule " + rule.name()));
                }
            });
        }
        return details;
    }
}
