package io.customer360.profile.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.contract.profile.Contact;
import io.customer360.common.contract.profile.DailyActiveUsers;
import io.customer360.common.contract.profile.Deal;
import io.customer360.common.contract.profile.Invoice;
import io.customer360.common.contract.profile.KnowledgeEntry;
import io.customer360.common.contract.profile.Meeting;
import io.customer360.common.contract.profile.Milestone;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.Payment;
import io.customer360.common.contract.profile.Quote;
import io.customer360.common.contract.profile.Subscription;
import io.customer360.common.contract.profile.Ticket;
import io.customer360.common.contract.profile.WorkOrder;
import io.customer360.profile.store.RecordViews;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every field the event catalog stores on a record profile-service serves has its place in the record of the shared
 * contract that carries it (io.customer360.common.contract.profile): a field added to the catalog but not to the
 * contract would be dropped from the answers without a word.
 */
class SectionContractTest {

    /** The record kinds the sections and lists serve, and the contract record each is read into. */
    private static final Map<String, Class<? extends Record>> CONTRACT = Map.ofEntries(
            Map.entry("subscription", Subscription.class),
            Map.entry("invoice", Invoice.class),
            Map.entry("payment", Payment.class),
            Map.entry("ticket", Ticket.class),
            Map.entry("meeting", Meeting.class),
            Map.entry("deal", Deal.class),
            Map.entry("quote", Quote.class),
            Map.entry("contact", Contact.class),
            Map.entry("milestone", Milestone.class),
            Map.entry("active_users", DailyActiveUsers.class),
            Map.entry("note", Note.class),
            Map.entry("work_order", WorkOrder.class),
            Map.entry("knowledge", KnowledgeEntry.class));
    /** Fields never served: a deleted note is left out of every answer. */
    private static final Set<String> NEVER_SERVED = Set.of("note.deleted", "note.deletedAt");

    @Test
    void everyFieldTheCatalogStoresOnAServedRecordIsInItsContract() {
        List<String> missing = new ArrayList<>();
        for (EventType type : EventCatalog.all()) {
            for (RecordSpec spec : type.records()) {
                Class<? extends Record> contract = CONTRACT.get(spec.kind());
                if (contract == null) {
                    continue;
                }
                Set<String> components = Arrays.stream(contract.getRecordComponents())
                        .map(RecordComponent::getName)
                        .collect(Collectors.toSet());
                Stream.of(
                                spec.fields().stream().map(FieldSpec::name),
                                spec.implied().keySet().stream(),
                                spec.eventTimeFields().stream())
                        .flatMap(names -> names)
                        .map(RecordViews::camelCase)
                        .filter(field ->
                                !components.contains(field) && !NEVER_SERVED.contains(spec.kind() + "." + field))
                        .forEach(field -> missing.add(type.name() + ": " + spec.kind() + "." + field));
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void notesInTheKnowledgeListKeepEveryFieldOfANote() {
        Set<String> knowledge = Arrays.stream(KnowledgeEntry.class.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        assertThat(knowledge)
                .containsAll(Arrays.stream(Note.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
    }
}
