package io.customer360.profile.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.profile.domain.ProfileEvent;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventProjectionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ProfileEvent event(String type, String data, String email) throws Exception {
        return new ProfileEvent("ev", "acme", "cust_001", email, type, Instant.ofEpochSecond(1734134400L), "svc",
                (ObjectNode) MAPPER.readTree(data), MAPPER.createObjectNode(), null, true, Instant.now());
    }

    @Test
    void seedPurchaseBecomesPurchaseRowAndTimelineEntry() throws Exception {
        EventProjection projection = EventProjection.of(event("purchase", """
                {"purchase_id":"ord_12345","product_name":"Wireless Headphones Pro","product_sku":"WHP-2000","quantity":1,
                 "price":299.99,"total":299.99,"warranty_expires":1765670400,"customer_name":"John Smith",
                 "email":"john.smith@example.com"}""", "John.Smith@Example.com"));

        assertThat(projection.identity().name()).isEqualTo("John Smith");
        assertThat(projection.identity().email()).isEqualTo("john.smith@example.com");
        assertThat(projection.purchase().id()).isEqualTo("ord_12345");
        assertThat(projection.purchase().total()).isEqualByComparingTo("299.99");
        assertThat(projection.purchase().warrantyExpires()).isEqualTo(Instant.ofEpochSecond(1765670400L));
        assertThat(projection.timeline().title()).isEqualTo("Purchased Wireless Headphones Pro");
        assertThat(projection.timeline().amount()).isEqualByComparingTo(new BigDecimal("299.99"));
    }

    @Test
    void seedSupportTicketKeepsTitleDescriptionAndStatus() throws Exception {
        EventProjection projection = EventProjection.of(event("support_ticket", """
                {"ticket_id":"TKT-5678","title":"Product not working","description":"Bluetooth pairing is inconsistent...",
                 "status":"open","priority":"high"}""", null));

        assertThat(projection.timeline().title()).isEqualTo("Product not working");
        assertThat(projection.timeline().description()).isEqualTo("Bluetooth pairing is inconsistent...");
        assertThat(projection.timeline().status()).isEqualTo("open");
        assertThat(projection.purchase()).isNull();
    }

    @Test
    void seedRepairIsTitledByItsWorkOrder() throws Exception {
        EventProjection projection = EventProjection.of(event("repair", """
                {"work_order_id":"WO-9999","order_type":"repair","issue_description":"Bluetooth module needs replacement",
                 "status":"open"}""", null));

        assertThat(projection.timeline().title()).isEqualTo("Work order WO-9999: repair");
        assertThat(projection.timeline().description()).isEqualTo("Bluetooth module needs replacement");
    }

    @Test
    void purchaseWithoutIdUsesTheEventIdAndAbsurdAmountsAreLeftOut() throws Exception {
        EventProjection projection = EventProjection.of(event("purchase", """
                {"product_name":"X","total":1e300,"quantity":"many","warranty_expires":"soon"}""", null));

        assertThat(projection.purchase().id()).isEqualTo("ev");
        assertThat(projection.purchase().total()).isNull();
        assertThat(projection.purchase().quantity()).isNull();
        assertThat(projection.purchase().warrantyExpires()).isNull();
    }

    @Test
    void unknownTypeBecomesAGenericTimelineEntry() throws Exception {
        EventProjection projection = EventProjection.of(event("webinar_attended", "{\"title\":\"Q4 webinar\"}", null));

        assertThat(projection.timeline().title()).isEqualTo("Q4 webinar");
        assertThat(projection.purchase()).isNull();
        assertThat(projection.identity().name()).isNull();
    }
}
