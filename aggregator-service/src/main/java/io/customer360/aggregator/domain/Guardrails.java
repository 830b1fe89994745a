package io.customer360.aggregator.domain;

import java.util.List;

/**
 * The seed's data-quality and privacy guardrails as applied to one view.
 *
 * @param minimumDataMet  account, usage and support data are all present (the seed's minimum data requirements)
 * @param missingRequired which of those are missing
 * @param staleSections   sections whose newest data is older than their threshold
 * @param incompleteSections sections missing more than 20 % of their fields
 * @param redactions      what was withheld from this caller (for example {@code "notes:2"})
 * @param conflicts       fields the sources disagree on: the value the view shows, the rule that chose it, each source's
 *                        value (seed: reconcile conflicting signals across sources)
 * @param contactPreferences how recommended actions were changed or left out to respect contacts' communication
 *                        preferences
 * @param notPublished    why no exit state is published and no skill triggered from this view: the minimum data is
 *                        missing (it names what), or an input of the insights failed, ran late or was withheld; null
 *                        when the view is recorded and acted on, or its agent assesses no health
 */
public record Guardrails(
        boolean minimumDataMet,
        List<String> missingRequired,
        List<String> staleSections,
        List<String> incompleteSections,
        List<String> redactions,
        List<Conflict> conflicts,
        List<String> contactPreferences,
        String notPublished) {}
