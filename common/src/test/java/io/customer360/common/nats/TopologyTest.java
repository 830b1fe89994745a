package io.customer360.common.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The topology is declared once: the k8s provisioning Job applies exactly what {@link Topology} declares. */
class TopologyTest {

    private static final Path K8S_TOPOLOGY = Path.of("..", "k8s", "base", "nats", "topology");
    /** The tenants of k8s/base/nats/accounts.conf. */
    private static final List<String> TENANTS = List.of("acme", "globex");

    @Test
    void theK8sJobAppliesTheTopologyAsDeclared() throws IOException {
        Provisioner rendering = new Provisioner(null, s -> s, s -> s, 3, TENANTS);
        Set<String> expected = new HashSet<>();
        for (Topology.StreamSpec stream : Topology.streams(TENANTS)) {
            String file = "stream-" + stream.name() + ".json";
            expected.add(file);
            StreamConfiguration k8s = StreamConfiguration.instance(Files.readString(K8S_TOPOLOGY.resolve(file)));
            assertThat(k8s.toJson())
                    .as(file + " (regenerate: Provision --write-json k8s/base/nats/topology)")
                    .isEqualTo(rendering.configuration(stream).toJson());
        }
        for (Topology.ConsumerSpec consumer : Topology.consumers(TENANTS)) {
            String file = "consumer-" + consumer.stream() + "-" + consumer.durable() + ".json";
            expected.add(file);
            ConsumerConfiguration k8s = ConsumerConfiguration.builder()
                    .json(Files.readString(K8S_TOPOLOGY.resolve(file)))
                    .build();
            assertThat(k8s.toJson())
                    .as(file)
                    .isEqualTo(rendering.configuration(consumer).toJson());
        }
        try (Stream<Path> files = Files.list(K8S_TOPOLOGY)) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")))
                    .as("no stream or consumer the topology does not declare")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void everyConsumerReadsAStreamOfTheTopologyWithinItsSubjects() {
        List<String> streams = Topology.streams(TENANTS).stream()
                .map(Topology.StreamSpec::name)
                .toList();
        for (Topology.ConsumerSpec consumer : Topology.consumers(TENANTS)) {
            assertThat(streams).contains(consumer.stream());
            if (consumer.filterSubject() != null) {
                Topology.StreamSpec stream = Topology.streams(TENANTS).stream()
                        .filter(s -> s.name().equals(consumer.stream()))
                        .findFirst()
                        .orElseThrow();
                assertThat(stream.subjects())
                        .as(consumer.durable())
                        .anyMatch(subject -> subject.equals(consumer.filterSubject())
                                || subject.endsWith(">")
                                        && consumer.filterSubject()
                                                .startsWith(subject.substring(0, subject.length() - 1)));
            }
        }
    }

    @Test
    void theSubjectNamesTheTenantAndCustomerOrNothing() {
        assertThat(CustomerSubject.parse("customer.erased.acme.cust_1", "customer.erased"))
                .isEqualTo(new CustomerSubject("acme", "cust_1"));
        assertThat(CustomerSubject.parse("customer.erased.acme.*", "customer.erased"))
                .isNull();
        assertThat(CustomerSubject.parse("customer.erased.acme.>", "customer.erased"))
                .isNull();
        assertThat(CustomerSubject.parse("customer.erased.acme.a.b", "customer.erased"))
                .isNull();
        assertThat(CustomerSubject.parse("customer.erased.ACME!.c", "customer.erased"))
                .isNull();
        assertThat(CustomerSubject.parse("profile.changed.acme.c", "customer.erased"))
                .isNull();
        CustomerSubject subject = new CustomerSubject("acme", "c1");
        assertThat(subject.agrees("acme", "c1")).isTrue();
        assertThat(subject.agrees(null, null)).isTrue();
        assertThat(subject.agrees("globex", "c1")).isFalse();
        assertThat(subject.agrees("acme", "*")).isFalse();
    }

    @Test
    void anEmailOnlyEventIsNamedByAHashNeverByTheEmail() {
        assertThat(CustomerTokens.of("cust_1", "a@b.c")).isEqualTo("cust_1");
        String token = CustomerTokens.of(null, " Ann@Example.com ");
        assertThat(token)
                .startsWith("email-")
                .doesNotContain("@")
                .doesNotContain("example")
                .isEqualTo(CustomerTokens.ofEmail("ann@example.com"));
        assertThat(CustomerTokens.of("bad.id", "ann@example.com")).isEqualTo(token);
    }

    @Test
    void eachTenantsPartnersHaveAStreamOfTheirOwnSoTheirMessageIdsNeverMeet() {
        assertThat(Topology.partnerStream("globex").subjects()).containsExactly("tenant.globex.customer.events.>");
        assertThat(Topology.partnerStream("globex").duplicateWindow()).isPositive();
        assertThat(Topology.streams(TENANTS).stream().map(Topology.StreamSpec::name))
                .contains("CUSTOMER_EVENTS", "CUSTOMER_EVENTS_ACME", "CUSTOMER_EVENTS_GLOBEX")
                .doesNotHaveDuplicates();
        // no subject is captured by two streams (JetStream refuses overlapping subjects anyway)
        assertThat(Topology.streams(TENANTS).stream().flatMap(stream -> stream.subjects().stream()))
                .doesNotHaveDuplicates();
        assertThat(Topology.consumers(TENANTS))
                .filteredOn(consumer -> consumer.durable().equals("ingest-service"))
                .extracting(Topology.ConsumerSpec::stream)
                .containsExactly("CUSTOMER_EVENTS", "CUSTOMER_EVENTS_ACME", "CUSTOMER_EVENTS_GLOBEX");
    }
}
