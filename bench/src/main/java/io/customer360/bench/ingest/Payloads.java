package io.customer360.bench.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * Partner events shaped like the seed's purchase example (seeds/nats-event-ingestion.md), with varied values and
 * a unique {@code event_id} {@code bench-<run>-<phase>-<seq>} so the receiver can match an event to its send time.
 * The sequence number is also in {@code metadata.bench_seq} and the purchase id is unique.
 */
final class Payloads {

    private static final String[][] PRODUCTS = {
        {"Wireless Headphones Pro", "WHP-2000", "299.99"},
        {"Noise Cancelling Earbuds", "NCE-150", "149.00"},
        {"Smart Speaker Mini", "SSM-10", "49.99"},
        {"4K Streaming Stick", "4KS-300", "59.90"},
        {"Gaming Keyboard RGB", "GKR-870", "129.50"},
        {"USB-C Docking Station", "UDS-12", "219.00"},
        {"Ergonomic Mouse", "ERM-44", "39.95"},
        {"27in Monitor", "MON-27Q", "379.00"},
    };
    private static final String[] FIRST = {
        "John", "Maria", "Wei", "Aisha", "Lukas", "Sofia", "Kenji", "Olga", "Diego", "Nora"
    };
    private static final String[] LAST = {
        "Smith", "Garcia", "Chen", "Khan", "Weber", "Rossi", "Tanaka", "Ivanova", "Lopez", "Berg"
    };
    private static final String[] PAYMENT = {"credit_card", "paypal", "bank_transfer", "apple_pay", "invoice"};
    private static final String[] SOURCES = {"e-commerce-service", "webshop-eu", "mobile-app", "pos-service"};

    private final ObjectMapper mapper = new ObjectMapper();
    private final String runId;
    private final int customers;

    Payloads(String runId, int customers) {
        this.runId = runId;
        this.customers = customers;
    }

    /** Prefix of the event ids of one phase; the sequence number follows it. */
    String idPrefix(char phase) {
        return "bench-" + runId + "-" + phase + "-";
    }

    /** The customer token of event {@code seq} (also its subject token). */
    String customer(long seq) {
        return "bench_" + Math.floorMod(seq * 7919L, customers);
    }

    /** One seed-shaped purchase event as JSON bytes. */
    byte[] purchase(char phase, long seq, long epochSeconds) {
        SplittableRandom random = new SplittableRandom(seq * 31 + phase);
        String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        int quantity = 1 + random.nextInt(4);
        BigDecimal price = new BigDecimal(product[2]);
        String customer = customer(seq);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];

        ObjectNode event = mapper.createObjectNode();
        event.put("event_id", idPrefix(phase) + seq);
        event.put("customer_id", customer);
        event.put("event_type", "purchase");
        event.put("timestamp", epochSeconds);
        event.put("source_service", SOURCES[random.nextInt(SOURCES.length)]);
        ObjectNode data = event.putObject("data");
        data.put("purchase_id", "ord_" + runId + "_" + phase + seq);
        data.put("product_name", product[0]);
        data.put("product_sku", product[1]);
        data.put("quantity", quantity);
        data.put("price", price);
        data.put("total", price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP));
        data.put("warranty_expires", epochSeconds + 365L * 24 * 3600);
        data.put("customer_name", first + " " + last);
        data.put("email", first.toLowerCase() + "." + last.toLowerCase() + "." + customer + "@example.com");
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("session_id", "sess_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        metadata.put("payment_method", PAYMENT[random.nextInt(PAYMENT.length)]);
        metadata.put("bench_seq", seq);
        try {
            return mapper.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sequence number at the end of an event id of this run and phase, or -1. */
    static long seqOf(String eventId, String prefix) {
        if (eventId == null || !eventId.startsWith(prefix)) {
            return -1;
        }
        long seq = 0;
        for (int i = prefix.length(); i < eventId.length(); i++) {
            char c = eventId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return eventId.length() > prefix.length() ? seq : -1;
    }
}
