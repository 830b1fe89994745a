package io.customer360.profile.domain.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an event changes one record of a read model: which record (its kind and the data keys naming its id), which
 * fields it reads, which fields its type implies ({@code invoice_paid} means status {@code paid}), and which field
 * takes the event's own time. The kind {@value #CUSTOMER} is the customer's own profile.
 */
public final class RecordSpec {

    public static final String CUSTOMER = "customer";

    private final String kind;
    private final List<String> idKeys;
    private final String defaultId;
    private final List<FieldSpec> fields = new ArrayList<>();
    private final Map<String, JsonNode> implied = new LinkedHashMap<>();
    private final List<String> eventTimeFields = new ArrayList<>();
    private List<String> onlyWhen = List.of();

    private RecordSpec(String kind, List<String> idKeys, String defaultId) {
        this.kind = kind;
        this.idKeys = idKeys;
        this.defaultId = defaultId;
    }

    /** A record named by the first of {@code idKeys} present in the data; without one, by the event id. */
    public static RecordSpec record(String kind, String... idKeys) {
        return new RecordSpec(kind, List.of(idKeys), null);
    }

    /** A record with a fixed id when the data names none (one subscription, one set of security settings). */
    public static RecordSpec single(String kind, String defaultId, String... idKeys) {
        return new RecordSpec(kind, List.of(idKeys), defaultId);
    }

    public static RecordSpec customer() {
        return new RecordSpec(CUSTOMER, List.of(), null);
    }

    public RecordSpec fields(List<FieldSpec> specs) {
        fields.addAll(specs);
        return this;
    }

    public RecordSpec fields(FieldSpec... specs) {
        return fields(List.of(specs));
    }

    public RecordSpec set(String field, String value) {
        implied.put(field, TextNode.valueOf(value));
        return this;
    }

    public RecordSpec set(String field, boolean value) {
        implied.put(field, BooleanNode.valueOf(value));
        return this;
    }

    public RecordSpec eventTime(String field) {
        eventTimeFields.add(field);
        return this;
    }

    /** Applies only when one of the data's boolean {@code keys} is true (a ticket to remember becomes knowledge). */
    public RecordSpec onlyWhen(String... keys) {
        this.onlyWhen = List.of(keys);
        return this;
    }

    public String kind() {
        return kind;
    }

    public List<String> idKeys() {
        return idKeys;
    }

    public String defaultId() {
        return defaultId;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public Map<String, JsonNode> implied() {
        return implied;
    }

    public List<String> eventTimeFields() {
        return eventTimeFields;
    }

    /** Empty: always. */
    public List<String> onlyWhen() {
        return onlyWhen;
    }
}
