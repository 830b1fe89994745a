package io.customer360.mesh.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's rules for the Kubernetes manifests in {@code k8s/}. Each overlay is rendered with
 * {@code kubectl kustomize} (kubectl is required: without it the test fails, it does not skip) and every object is
 * read into fabric8's Kubernetes model with unknown fields rejected. Schema validation of every object runs in
 * {@code k8s/validate.sh} (npm kubernetes-models); these are the rules a schema cannot express.
 */
class KubernetesManifestsTest {

    /** The four services: Deployment name = Maven module = directory of its application.properties. */
    private static final List<String> SERVICES =
            List.of("ingest-service", "profile-service", "enrichment-service", "aggregator-service");

    /**
     * Custom resources the fabric8 model does not know; checked structurally here, never read leniently (validate.sh
     * checks them against their CRD schemas). Gateway API routes are in fabric8's model and read strictly.
     */
    private static final Set<String> CUSTOM_RESOURCES = Set.of(
            "postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/ScheduledBackup",
            "barmancloud.cnpg.io/v1/ObjectStore",
            "monitoring.coreos.com/v1/PodMonitor",
            "monitoring.coreos.com/v1/PrometheusRule",
            "cert-manager.io/v1/Certificate",
            "cert-manager.io/v1/Issuer");

    /** ConfigMap and env keys that name configuration: Quarkus and mesh properties, the services' own prefixes. */
    private static final Pattern CONFIG_LIKE_KEY =
            Pattern.compile("(QUARKUS|MESH|INGEST|PROFILE|ENRICHMENT|AGGREGATOR)_[A-Z0-9_]+");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern NATS_VARIABLE = Pattern.compile("\\$([A-Z][A-Z0-9_]*)");

    /** The kubectl to run: on PATH unless -Dk8s.kubectl names another. */
    private static final String KUBECTL = System.getProperty("k8s.kubectl", "kubectl");

    private static final Path ROOT = findRoot();
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("k8s/overlays"))) {
            List<String> names = dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            assertThat(names).as("overlays under k8s/overlays").contains("dev", "prod");
            return names.stream();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The rules

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectIsAKnownKubernetesTypeWithoutUnknownFields(String overlay) {
        Rendered r = render(overlay);
        assertThat(r.objects)
                .as("objects rendered from k8s/overlays/%s", overlay)
                .isNotEmpty();
        // Parsing failures were collected while reading: an unknown field or a custom resource not listed fails.
        assertThat(r.parseErrors)
                .as("objects of %s that do not read into fabric8's model", overlay)
                .isEmpty();
        assertThat(r.all(Namespace.class))
                .as("Namespace objects in %s", overlay)
                .hasSize(1);
        assertThat(r.all(io.fabric8.kubernetes.api.model.Secret.class))
                .as("Secret objects in %s: manifests reference secrets, they never carry values", overlay)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theNamespaceEnforcesPodSecurityRestricted(String overlay) {
        Rendered r = render(overlay);
        Namespace ns = r.all(Namespace.class).get(0);
        assertThat(ns.getMetadata().getLabels())
                .as("labels of Namespace %s", ns.getMetadata().getName())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        List<String> outside = new ArrayList<>();
        for (HasMetadata o : r.typed()) {
            if (!(o instanceof Namespace)
                    && !ns.getMetadata().getName().equals(o.getMetadata().getNamespace())) {
                outside.add(id(o) + " in namespace " + o.getMetadata().getNamespace());
            }
        }
        assertThat(outside).as("objects outside the mesh's namespace").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theFourServicesAreDeployedAsNativeImagesWithHealthProbes(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            Deployment d = r.find(Deployment.class, service);
            if (d == null) {
                problems.add("no Deployment " + service);
                continue;
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (!c.getImage().matches("ghcr\\.io/customer360/" + Pattern.quote(service) + ":\\d+\\.\\d+\\.\\d+.*")) {
                problems.add(
                        service + ": image " + c.getImage() + " is not ghcr.io/customer360/" + service + ":<release>");
            }
            checkProbePath(problems, service, "startupProbe", c.getStartupProbe(), "/q/health/started");
            checkProbePath(problems, service, "livenessProbe", c.getLivenessProbe(), "/q/health/live");
            checkProbePath(problems, service, "readinessProbe", c.getReadinessProbe(), "/q/health/ready");
            boolean tmp =
                    c.getVolumeMounts().stream().map(VolumeMount::getMountPath).anyMatch("/tmp"::equals)
                            && d.getSpec().getTemplate().getSpec().getVolumes().stream()
                                    .anyMatch(v -> v.getEmptyDir() != null);
            if (!tmp) {
                problems.add(service + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
            }
            if (!"service"
                    .equals(d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component"))) {
                problems.add(
                        service + ": pods not labelled app.kubernetes.io/component=service (NetworkPolicies use it)");
            }
        }
        assertThat(problems).as("service Deployments of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyWorkloadHasProbesResourcesAndTheRestrictedSecurityContext(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        assertThat(r.workloads())
                .as("Deployments and StatefulSets of %s", overlay)
                .isNotEmpty();
        for (Map.Entry<HasMetadata, PodTemplateSpec> w : r.workloads().entrySet()) {
            String wid = id(w.getKey());
            PodSpec pod = w.getValue().getSpec();
            PodSecurityContext psc =
                    Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
            if (Boolean.TRUE.equals(pod.getHostNetwork())
                    || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC())) {
                problems.add(wid + ": uses host namespaces");
            }
            pod.getVolumes().stream()
                    .filter(v -> v.getHostPath() != null)
                    .forEach(v -> problems.add(wid + ": hostPath volume " + v.getName()));
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (Container c : containers) {
                String cid = wid + " container " + c.getName();
                boolean init = pod.getInitContainers().contains(c);
                if (!init) {
                    if (c.getLivenessProbe() == null) {
                        problems.add(cid + ": no livenessProbe");
                    }
                    if (c.getReadinessProbe() == null) {
                        problems.add(cid + ": no readinessProbe");
                    }
                    if (c.getStartupProbe() == null) {
                        problems.add(cid + ": no startupProbe");
                    }
                }
                ResourceRequirements res = c.getResources();
                for (String kind : List.of("cpu", "memory")) {
                    if (res == null
                            || res.getRequests() == null
                            || !res.getRequests().containsKey(kind)) {
                        problems.add(cid + ": no " + kind + " request");
                    }
                    if (res == null
                            || res.getLimits() == null
                            || !res.getLimits().containsKey(kind)) {
                        problems.add(cid + ": no " + kind + " limit");
                    }
                }
                SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
                boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                        || (sc.getRunAsNonRoot() == null && Boolean.TRUE.equals(psc.getRunAsNonRoot()));
                if (!nonRoot) {
                    problems.add(cid + ": runAsNonRoot is not true");
                }
                if (Long.valueOf(0).equals(sc.getRunAsUser()) || Long.valueOf(0).equals(psc.getRunAsUser())) {
                    problems.add(cid + ": runAsUser 0");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    problems.add(cid + ": readOnlyRootFilesystem is not true");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(cid + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(cid + ": privileged");
                }
                if (sc.getCapabilities() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(cid + ": capabilities do not drop ALL");
                } else if (!sc.getCapabilities().getAdd().isEmpty()) {
                    problems.add(
                            cid + ": adds capabilities " + sc.getCapabilities().getAdd());
                }
                String seccomp = sc.getSeccompProfile() != null
                        ? sc.getSeccompProfile().getType()
                        : psc.getSeccompProfile() != null
                                ? psc.getSeccompProfile().getType()
                                : null;
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    problems.add(cid + ": seccomp profile is " + seccomp + ", not RuntimeDefault");
                }
            }
        }
        assertThat(problems).as("workloads of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void selectorsMatchTheirPods(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<HasMetadata, PodTemplateSpec> w : r.workloads().entrySet()) {
            LabelSelector selector = w.getKey() instanceof Deployment d
                    ? d.getSpec().getSelector()
                    : ((StatefulSet) w.getKey()).getSpec().getSelector();
            if (selector == null
                    || !matches(selector, w.getValue().getMetadata().getLabels())) {
                problems.add(id(w.getKey()) + ": selector does not match its pod template labels");
            }
        }
        for (PodDisruptionBudget pdb : r.all(PodDisruptionBudget.class)) {
            if (r.podsSelectedBy(pdb.getSpec().getSelector()).isEmpty()) {
                problems.add(id(pdb) + ": selects no workload's pods");
            }
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(ref.getKind()) || r.find(Deployment.class, ref.getName()) == null) {
                problems.add(id(hpa) + ": scales " + ref.getKind() + " " + ref.getName() + ", which is not here");
            }
            if (hpa.getSpec().getMinReplicas() == null
                    || hpa.getSpec().getMaxReplicas() < hpa.getSpec().getMinReplicas()) {
                problems.add(id(hpa) + ": minReplicas missing or above maxReplicas");
            }
        }
        assertThat(problems).as("selectors of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceSelectsPodsOfAWorkloadAndTheirPorts(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        for (Service s : r.all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                problems.add(id(s) + ": no selector");
                continue;
            }
            List<PodTemplateSpec> pods = r.podsSelectedBy(new LabelSelector(List.of(), selector));
            if (pods.isEmpty()) {
                problems.add(id(s) + ": selector " + selector + " matches no Deployment's or StatefulSet's pods");
                continue;
            }
            for (ServicePort port : s.getSpec().getPorts()) {
                IntOrString target =
                        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (PodTemplateSpec pod : pods) {
                    if (!hasContainerPort(pod, target)) {
                        problems.add(
                                id(s) + ": targetPort " + target.getValue() + " is not a container port of its pods");
                    }
                }
            }
        }
        assertThat(problems).as("Services of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyIngressBackendIsAnExistingServicePortAndEveryHostHasTls(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, String> routes = new LinkedHashMap<>();
        for (Ingress ing : r.all(Ingress.class)) {
            Set<String> tlsHosts = new TreeSet<>();
            for (IngressTLS tls : ing.getSpec().getTls()) {
                if (tls.getSecretName() == null || tls.getSecretName().isBlank()) {
                    problems.add(id(ing) + ": TLS entry without secretName");
                }
                tlsHosts.addAll(tls.getHosts());
            }
            for (IngressRule rule : ing.getSpec().getRules()) {
                if (!tlsHosts.contains(rule.getHost())) {
                    problems.add(id(ing) + ": host " + rule.getHost() + " has no TLS");
                }
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    IngressServiceBackend backend = path.getBackend().getService();
                    if (backend == null) {
                        problems.add(id(ing) + " " + path.getPath() + ": backend is not a Service");
                        continue;
                    }
                    Service svc = r.find(Service.class, backend.getName());
                    if (svc == null) {
                        problems.add(id(ing) + " " + path.getPath() + ": no Service " + backend.getName());
                        continue;
                    }
                    boolean portExists = svc.getSpec().getPorts().stream()
                            .anyMatch(p -> backend.getPort().getName() != null
                                    ? backend.getPort().getName().equals(p.getName())
                                    : Objects.equals(backend.getPort().getNumber(), p.getPort()));
                    if (!portExists) {
                        problems.add(id(ing) + " " + path.getPath() + ": Service " + backend.getName() + " has no port "
                                + Optional.ofNullable(backend.getPort().getName())
                                        .orElse(String.valueOf(backend.getPort().getNumber())));
                    }
                    if (!rule.getHost().startsWith("auth.")) {
                        routes.put(path.getPath(), backend.getName());
                    }
                }
            }
        }
        // The Gateway API variant (components/gateway-api): the same paths as HTTPRoute rules.
        for (HTTPRoute route : r.all(HTTPRoute.class)) {
            for (HTTPRouteRule rule : route.getSpec().getRules()) {
                for (HTTPBackendRef backend : rule.getBackendRefs()) {
                    Service svc = r.find(Service.class, backend.getName());
                    if (svc == null
                            || svc.getSpec().getPorts().stream()
                                    .noneMatch(p -> Objects.equals(p.getPort(), backend.getPort()))) {
                        problems.add(id(route) + ": no Service port " + backend.getName() + ":" + backend.getPort());
                    } else if (route.getSpec().getHostnames().stream().noneMatch(h -> h.startsWith("auth."))) {
                        rule.getMatches().forEach(m -> routes.put(m.getPath().getValue(), backend.getName()));
                    }
                }
            }
        }
        assertThat(problems).as("Ingresses and HTTPRoutes of %s", overlay).isEmpty();
        // The public prefixes (docs/architecture.md; /v1 is the Segment-compatible intake, docs/segment-intake.md).
        assertThat(routes)
                .as("public routes of %s", overlay)
                .containsAllEntriesOf(Map.ofEntries(
                        Map.entry("/api/v1/events", "ingest-service"),
                        Map.entry("/api/v1/tracking-plans", "ingest-service"),
                        Map.entry("/api/v1/dead-letters", "ingest-service"),
                        Map.entry("/api/v1/sources", "ingest-service"),
                        Map.entry("/v1", "ingest-service"),
                        Map.entry("/api/v1/customers", "profile-service"),
                        Map.entry("/api/v1/search", "profile-service"),
                        Map.entry("/api/v1/analytics", "profile-service"),
                        Map.entry("/api/v1/enrichment", "enrichment-service"),
                        Map.entry("/api/v1/customer-360", "aggregator-service"),
                        Map.entry("/api/v1/views", "aggregator-service"),
                        Map.entry("/mcp", "aggregator-service"),
                        Map.entry("/", "aggregator-service")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndCoverEveryWorkload(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream()
                .anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                        && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                        && p.getSpec().getIngress().isEmpty()
                        && p.getSpec().getEgress().isEmpty());
        if (!defaultDeny) {
            problems.add("no default-deny NetworkPolicy (empty podSelector, policyTypes Ingress and Egress, no rules)");
        }
        for (Map.Entry<HasMetadata, PodTemplateSpec> w : r.workloads().entrySet()) {
            Map<String, String> labels = w.getValue().getMetadata().getLabels();
            boolean covered = policies.stream()
                    .anyMatch(p -> !isEmpty(p.getSpec().getPodSelector())
                            && matches(p.getSpec().getPodSelector(), labels));
            if (!covered) {
                problems.add(id(w.getKey()) + ": no NetworkPolicy selects its pods");
            }
        }
        for (String cluster : r.customResourceNames("postgresql.cnpg.io/v1/Cluster")) {
            Map<String, String> labels = Map.of("cnpg.io/cluster", cluster);
            if (policies.stream()
                    .noneMatch(p -> !isEmpty(p.getSpec().getPodSelector())
                            && matches(p.getSpec().getPodSelector(), labels))) {
                problems.add("PostgreSQL cluster " + cluster + ": no NetworkPolicy selects its pods");
            }
        }
        // A peer chosen by pod labels in this namespace must name pods that exist (a typo opens nothing, silently).
        for (NetworkPolicy p : policies) {
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            p.getSpec().getIngress().stream()
                    .map(NetworkPolicyIngressRule::getFrom)
                    .forEach(peers::addAll);
            p.getSpec().getEgress().stream().map(NetworkPolicyEgressRule::getTo).forEach(peers::addAll);
            for (NetworkPolicyPeer peer : peers) {
                if (peer.getPodSelector() != null
                        && peer.getNamespaceSelector() == null
                        && !isEmpty(peer.getPodSelector())
                        && !r.podLabelsExist(peer.getPodSelector())) {
                    problems.add(
                            id(p) + ": peer " + describe(peer.getPodSelector()) + " matches no pods of this namespace");
                }
            }
        }
        assertThat(problems).as("NetworkPolicies of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyImageHasAPinnedTag(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        r.workloads().forEach((w, pod) -> {
            pod.getSpec().getContainers().forEach(c -> images.put(id(w) + " container " + c.getName(), c.getImage()));
            pod.getSpec().getInitContainers().forEach(c -> images.put(id(w) + " init " + c.getName(), c.getImage()));
        });
        for (JsonNode cluster : r.customResources("postgresql.cnpg.io/v1/Cluster")) {
            images.put(
                    "Cluster " + cluster.at("/metadata/name").asText(),
                    cluster.at("/spec/imageName").asText(""));
        }
        images.forEach((where, image) -> {
            String tag = tagOf(image);
            if (image.isBlank() || tag == null) {
                problems.add(where + ": image '" + image + "' has no tag");
            } else if (tag.equalsIgnoreCase("latest")) {
                problems.add(where + ": image " + image + " uses latest");
            }
        });
        assertThat(problems).as("images of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyPodMonitorScrapesAPortThatPrometheusMayReach(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        for (JsonNode monitor : r.customResources("monitoring.coreos.com/v1/PodMonitor")) {
            String name = "PodMonitor " + monitor.at("/metadata/name").asText();
            LabelSelector selector =
                    SERIALIZATION_OF_SELECTORS.convertValue(monitor.at("/spec/selector"), LabelSelector.class);
            List<PodTemplateSpec> pods = r.podsSelectedBy(selector);
            if (pods.isEmpty()) {
                problems.add(name + ": selects no pods");
            }
            for (JsonNode endpoint : monitor.at("/spec/podMetricsEndpoints")) {
                String portName = endpoint.path("port").asText();
                for (PodTemplateSpec pod : pods) {
                    Optional<ContainerPort> port = pod.getSpec().getContainers().stream()
                            .flatMap(c -> c.getPorts().stream())
                            .filter(p -> portName.equals(p.getName()))
                            .findFirst();
                    if (port.isEmpty()) {
                        problems.add(name + ": its pods have no port " + portName);
                        continue;
                    }
                    // default-deny: some policy selecting the pods must admit another namespace (Prometheus') on it
                    boolean admitted = policies.stream()
                            .filter(p -> matches(
                                    p.getSpec().getPodSelector(),
                                    pod.getMetadata().getLabels()))
                            .flatMap(p -> p.getSpec().getIngress().stream())
                            .anyMatch(rule -> rule.getFrom().stream()
                                            .anyMatch(peer -> peer.getNamespaceSelector() != null)
                                    && rule.getPorts().stream()
                                            .anyMatch(p -> p.getPort() != null
                                                    && p.getPort().getIntVal() != null
                                                    && p.getPort()
                                                            .getIntVal()
                                                            .equals(port.get().getContainerPort())));
                    if (!admitted) {
                        problems.add(name + ": no NetworkPolicy admits Prometheus to port "
                                + port.get().getContainerPort());
                    }
                }
            }
        }
        assertThat(problems).as("PodMonitors of %s", overlay).isEmpty();
    }

    @Test
    void productionBacksUpEveryPostgresCluster() {
        Rendered r = render("prod");
        Set<String> scheduled = new TreeSet<>();
        r.customResources("postgresql.cnpg.io/v1/ScheduledBackup")
                .forEach(b -> scheduled.add(b.at("/spec/cluster/name").asText()));
        List<String> problems = new ArrayList<>();
        for (JsonNode cluster : r.customResources("postgresql.cnpg.io/v1/Cluster")) {
            String name = cluster.at("/metadata/name").asText();
            if (!scheduled.contains(name)) {
                problems.add(name + ": no ScheduledBackup");
            }
            boolean archives = false;
            for (JsonNode plugin : cluster.at("/spec/plugins")) {
                archives |= plugin.path("isWALArchiver").asBoolean(false);
            }
            if (!archives) {
                problems.add(name + ": no plugin archives its WAL (no point-in-time recovery)");
            }
        }
        assertThat(problems).as("backups of prod").isEmpty();
    }

    /** The reading of @ConfigMapping interfaces behind configurationKeysAreKnownToTheService finds what SmallRye would. */
    @Test
    void configurationDeclaredInCodeIsKnown() {
        ServiceConfig ingest = ServiceConfig.read("ingest-service");
        assertThat(ingest.properties())
                .contains(
                        "mesh.nats.stream-replicas",
                        "mesh.nats.subject-prefix",
                        "mesh.tenant-claim",
                        "ingest.nats.batch-size",
                        "ingest.max-future-skew",
                        "quarkus.application.name");
        assertThat(ingest.knows("MESH_NATS_STREAM_REPLICAS")).isTrue();
        assertThat(ingest.knows("INGEST_NATS_MAX_DELIVERIES")).isTrue();
        assertThat(ingest.knows("INGEST_NATS_NO_SUCH_SETTING")).isFalse();
        assertThat(ingest.knows("profile.events.ack-wait"))
                .as("another service's mapping")
                .isFalse();
        assertThat(ServiceConfig.read("profile-service").knows("PROFILE_EVENTS_BATCH_SIZE"))
                .isTrue();
        assertThat(DeclaredKeys.kebab("maxAckPending")).isEqualTo("max-ack-pending");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void configurationKeysAreKnownToTheService(String overlay) {
        Rendered r = render(overlay);
        List<String> problems = new ArrayList<>();
        Set<String> anyServiceVariables = new TreeSet<>();
        Map<String, ServiceConfig> configs = new HashMap<>();
        for (String service : SERVICES) {
            ServiceConfig config = ServiceConfig.read(service);
            configs.put(service, config);
            anyServiceVariables.addAll(config.referencedVariables);
        }
        for (String service : SERVICES) {
            Deployment d = r.find(Deployment.class, service);
            if (d == null) {
                continue; // reported by theFourServicesAreDeployedAsNativeImagesWithHealthProbes
            }
            ServiceConfig config = configs.get(service);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> keys = new LinkedHashMap<>();
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    ConfigMap cm =
                            r.find(ConfigMap.class, from.getConfigMapRef().getName());
                    if (cm == null) {
                        problems.add(service + ": envFrom ConfigMap "
                                + from.getConfigMapRef().getName() + " does not exist");
                        continue;
                    }
                    cm.getData()
                            .keySet()
                            .forEach(k ->
                                    keys.put(k, "ConfigMap " + cm.getMetadata().getName()));
                }
            }
            c.getEnv().stream().map(EnvVar::getName).forEach(k -> keys.put(k, "env"));
            keys.forEach((key, source) -> {
                boolean configLike = key.contains(".")
                        || CONFIG_LIKE_KEY.matcher(key).matches()
                        || anyServiceVariables.contains(key);
                if (configLike && !config.knows(key)) {
                    problems.add(service + ": " + source + " sets " + key + ", which is neither a property of "
                            + service + " (application.properties, common microprofile-config.properties, "
                            + "@ConfigMapping or @ConfigProperty in its code or common's) nor a variable they read");
                }
            });
            if (!keys.containsKey("QUARKUS_HTTP_HOST")) {
                problems.add(service + ": QUARKUS_HTTP_HOST not set (Quarkus would listen on 127.0.0.1 only)");
            }
        }
        assertThat(problems).as("configuration of the services in %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theImportedRealmHasNoDemoUsersAndNoPasswordGrant(String overlay) throws IOException {
        Rendered r = render(overlay);
        ConfigMap realmMap = r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getData() != null && cm.getData().containsKey("customer360-realm.json"))
                .findFirst()
                .orElse(null);
        assertThat(realmMap)
                .as("ConfigMap with customer360-realm.json in %s", overlay)
                .isNotNull();
        JsonNode realm = new ObjectMapper().readTree(realmMap.getData().get("customer360-realm.json"));
        // Only the service accounts' users (client credentials, no password) may come with the realm, never people.
        List<String> people = new ArrayList<>();
        Set<String> operatorClients = new TreeSet<>();
        for (JsonNode user : realm.path("users")) {
            if (!user.hasNonNull("serviceAccountClientId") || user.has("credentials")) {
                people.add(user.path("username").asText());
            }
            for (JsonNode role : user.path("realmRoles")) {
                if ("c360.operator".equals(role.asText())) {
                    operatorClients.add(user.path("serviceAccountClientId").asText());
                }
            }
        }
        assertThat(people)
                .as("users of the realm that are not service accounts")
                .isEmpty();
        List<String> problems = new ArrayList<>();
        for (JsonNode client : realm.path("clients")) {
            String clientId = client.path("clientId").asText();
            if (client.path("directAccessGrantsEnabled").asBoolean(true)) {
                problems.add(clientId + ": password grant (directAccessGrantsEnabled) not switched off");
            }
            String secret = client.path("secret").asText("");
            if (!secret.isEmpty() && !secret.matches("\\$\\{[A-Z0-9_]+}")) {
                problems.add(clientId + ": literal client secret in the realm (use a ${VARIABLE} placeholder)");
            }
            boolean orgId = false;
            for (JsonNode mapper : client.path("protocolMappers")) {
                orgId |= "org_id".equals(mapper.at("/config/claim.name").asText());
            }
            // operator identities name the tenant per call (C360-Tenant), so they carry no org_id
            // (docs/machine-identities.md)
            if (!orgId && !operatorClients.contains(clientId)) {
                problems.add(clientId + ": no org_id claim mapper");
            }
        }
        assertThat(realm.path("clients").size()).as("clients in the realm").isPositive();
        assertThat(problems).as("realm of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void natsConfigurationVariablesComeFromThePod(String overlay) {
        Rendered r = render(overlay);
        StatefulSet nats = r.find(StatefulSet.class, "nats");
        assertThat(nats).as("StatefulSet nats in %s", overlay).isNotNull();
        ConfigMap config = r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getData() != null && cm.getData().containsKey("nats.conf"))
                .findFirst()
                .orElseThrow();
        Set<String> env = new TreeSet<>();
        nats.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> env.add(e.getName()));
        Set<String> missing = new TreeSet<>();
        // quoted strings are subjects ("$JS.API.>"), never variables
        config.getData()
                .forEach((file, text) -> text.lines()
                        .map(l -> l.replaceAll("#.*", "").replaceAll("\"[^\"]*\"", ""))
                        .forEach(line -> {
                            Matcher m = NATS_VARIABLE.matcher(line);
                            while (m.find()) {
                                if (!env.contains(m.group(1))) {
                                    missing.add(file + ": $" + m.group(1));
                                }
                            }
                        }));
        assertThat(missing)
                .as("variables of the NATS configuration that the nats container does not get")
                .isEmpty();
        assertThat(config.getData().get("accounts.conf"))
                .as("tenant mapping in accounts.conf")
                .contains("tenant.acme.customer.events.>");
    }

    /**
     * NATS reserves every stream's max_bytes in its store when the stream is created: a stream without a limit could
     * fill the volume, and limits whose sum exceeds max_file_store make the provisioning Job fail on the last streams.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyStreamHasASizeLimitAndTogetherTheyFitTheJetStreamStore(String overlay) throws IOException {
        Rendered r = render(overlay);
        Map<String, String> topology = configMapData(r, "nats-topology");
        Map<String, String> limits = configMapData(r, "nats-stream-limits");
        Set<String> streams = new TreeSet<>();
        for (Map.Entry<String, String> file : topology.entrySet()) {
            if (file.getKey().startsWith("stream-")) {
                streams.add(new ObjectMapper()
                        .readTree(file.getValue())
                        .path("name")
                        .asText());
            }
        }
        assertThat(limits.keySet())
                .as("streams with a max_bytes in ConfigMap nats-stream-limits of %s", overlay)
                .containsExactlyInAnyOrderElementsOf(streams);
        long sum = 0;
        for (Map.Entry<String, String> limit : limits.entrySet()) {
            long bytes = Long.parseLong(limit.getValue().trim());
            assertThat(bytes)
                    .as("max_bytes of %s in %s", limit.getKey(), overlay)
                    .isPositive();
            sum += bytes;
        }
        String store = r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getData() != null && cm.getData().containsKey("store.conf"))
                .map(cm -> cm.getData().get("store.conf"))
                .findFirst()
                .orElseThrow();
        Matcher m = Pattern.compile("(?m)^\\s*max_file_store:\\s*(\\d+)\\s*([KMGT]?)B?\\s*$")
                .matcher(store);
        assertThat(m.find()).as("max_file_store in store.conf of %s", overlay).isTrue();
        // NATS reads the units of its configuration as powers of 1024
        long maxFileStore =
                Long.parseLong(m.group(1)) << (10 * "_KMGT".indexOf(m.group(2).isEmpty() ? "_" : m.group(2)));
        assertThat(sum)
                .as("sum of the streams' max_bytes in %s against max_file_store %s", overlay, m.group())
                .isLessThanOrEqualTo(maxFileStore);
    }

    private static Map<String, String> configMapData(Rendered r, String generatorName) {
        return r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().matches(Pattern.quote(generatorName) + "(-[a-z0-9]{10})?"))
                .map(ConfigMap::getData)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + generatorName));
    }

    @Test
    void productionIsHighlyAvailable() {
        Rendered r = render("prod");
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            HorizontalPodAutoscaler hpa = r.find(HorizontalPodAutoscaler.class, service);
            if (hpa == null || hpa.getSpec().getMinReplicas() < 2) {
                problems.add(service + ": no HorizontalPodAutoscaler with minReplicas >= 2");
            }
            Deployment d = r.find(Deployment.class, service);
            var affinity =
                    d == null ? null : d.getSpec().getTemplate().getSpec().getAffinity();
            if (affinity == null || affinity.getPodAntiAffinity() == null) {
                problems.add(service + ": no pod anti-affinity");
            }
        }
        // the provisioning Job creates every stream with as many replicas as it is told
        ConfigMap provision = r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().startsWith("nats-provision-config"))
                .findFirst()
                .orElse(null);
        if (provision == null || !"3".equals(provision.getData().get("NATS_STREAM_REPLICAS"))) {
            problems.add(
                    "nats-provision: NATS_STREAM_REPLICAS is not 3 (streams must be R3 on the three NATS servers)");
        }
        StatefulSet nats = r.find(StatefulSet.class, "nats");
        if (nats == null || nats.getSpec().getReplicas() < 3) {
            problems.add("nats: fewer than 3 servers (streams are R3)");
        } else {
            var anti = nats.getSpec().getTemplate().getSpec().getAffinity();
            if (anti == null
                    || anti.getPodAntiAffinity() == null
                    || anti.getPodAntiAffinity()
                            .getRequiredDuringSchedulingIgnoredDuringExecution()
                            .isEmpty()) {
                problems.add("nats: servers not required on different nodes");
            }
        }
        for (JsonNode cluster : r.customResources("postgresql.cnpg.io/v1/Cluster")) {
            if (cluster.at("/spec/instances").asInt() < 3) {
                problems.add("PostgreSQL " + cluster.at("/metadata/name").asText() + ": fewer than 3 instances");
            }
        }
        assertThat(problems).as("high availability of prod").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasItsOwnPostgresCluster(String overlay) {
        Rendered r = render(overlay);
        Map<String, String> databases = new HashMap<>();
        for (JsonNode cluster : r.customResources("postgresql.cnpg.io/v1/Cluster")) {
            databases.put(
                    cluster.at("/metadata/name").asText(),
                    cluster.at("/spec/bootstrap/initdb/database").asText());
        }
        for (String service : SERVICES) {
            String shortName = service.replace("-service", "");
            assertThat(databases)
                    .as("CloudNativePG clusters of %s", overlay)
                    .containsEntry(shortName + "-db", "c360_" + shortName);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rendering and reading

    private static Rendered render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, KubernetesManifestsTest::renderNow);
    }

    private static Rendered renderNow(String overlay) {
        Path dir = ROOT.resolve("k8s/overlays").resolve(overlay);
        Process process;
        try {
            process = new ProcessBuilder(KUBECTL, "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            return fail(KUBECTL + " not found (" + e.getMessage() + "). KubernetesManifestsTest renders k8s/overlays "
                    + "with `kubectl kustomize` (kubectl 1.27+ with kustomize 5; Debian's kubernetes-client is too old): "
                    + "install kubectl from the Kubernetes release binaries (or point -Dk8s.kubectl=/path/to/kubectl at it) "
                    + "and re-run.");
        }
        try {
            process.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(process.getErrorStream(), err), "kubectl-stderr");
            errReader.setDaemon(true);
            errReader.start();
            String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            errReader.join(5000);
            if (process.exitValue() != 0) {
                return fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + err.toString(StandardCharsets.UTF_8));
            }
            return Rendered.parse(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the exit code tells
        }
    }

    /** A fabric8 reader that fails on a field its model does not have, instead of keeping it aside. */
    static KubernetesSerialization strictSerialization() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated a) {
                return Boolean.FALSE; // the model's additionalProperties would swallow unknown fields
            }
        });
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new KubernetesSerialization(mapper, true);
    }

    private static final KubernetesSerialization SERIALIZATION_OF_SELECTORS = new KubernetesSerialization();

    static final class Rendered {
        private static final KubernetesSerialization SERIALIZATION = strictSerialization();
        private static final KubernetesSerialization LENIENT = new KubernetesSerialization();

        final List<Object> objects = new ArrayList<>();
        final List<String> parseErrors = new ArrayList<>();
        private final Map<String, List<JsonNode>> customResources = new HashMap<>();

        static Rendered parse(String yaml) throws IOException {
            Rendered r = new Rendered();
            List<JsonNode> docs = new YAMLMapper()
                    .readerFor(JsonNode.class)
                    .<JsonNode>readValues(yaml)
                    .readAll();
            for (JsonNode doc : docs) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String type =
                        doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                String name = doc.at("/metadata/name").asText();
                if (CUSTOM_RESOURCES.contains(type)) {
                    r.customResources
                            .computeIfAbsent(type, k -> new ArrayList<>())
                            .add(doc);
                    r.objects.add(doc);
                    continue;
                }
                try {
                    KubernetesResource typed = SERIALIZATION.convertValue(doc, KubernetesResource.class);
                    if (typed == null || typed.getClass().getSimpleName().startsWith("Generic")) {
                        r.parseErrors.add(type + " " + name + ": not a type of fabric8's model (a custom resource? "
                                + "list it in CUSTOM_RESOURCES and check it here)");
                    } else {
                        r.objects.add(typed);
                    }
                } catch (IllegalArgumentException e) {
                    String message = e.getMessage().lines().findFirst().orElse("");
                    int detail = message.indexOf(", not marked as ignorable");
                    r.parseErrors.add(type + " " + name + ": " + (detail > 0 ? message.substring(0, detail) : message));
                    // Read it leniently too, so the other rules still see it (one mistake, one failing rule).
                    r.objects.add(LENIENT.convertValue(doc, KubernetesResource.class));
                }
            }
            return r;
        }

        List<HasMetadata> typed() {
            return objects.stream()
                    .filter(HasMetadata.class::isInstance)
                    .map(HasMetadata.class::cast)
                    .toList();
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T find(Class<T> type, String name) {
            return all(type).stream()
                    .filter(o -> name.equals(o.getMetadata().getName()))
                    .findFirst()
                    .orElse(null);
        }

        List<JsonNode> customResources(String type) {
            return customResources.getOrDefault(type, List.of());
        }

        List<String> customResourceNames(String type) {
            return customResources(type).stream()
                    .map(n -> n.at("/metadata/name").asText())
                    .toList();
        }

        /** Deployments and StatefulSets with their pod templates, in rendering order. */
        Map<HasMetadata, PodTemplateSpec> workloads() {
            Map<HasMetadata, PodTemplateSpec> result = new LinkedHashMap<>();
            for (HasMetadata o : typed()) {
                if (o instanceof Deployment d) {
                    result.put(d, d.getSpec().getTemplate());
                } else if (o instanceof StatefulSet s) {
                    result.put(s, s.getSpec().getTemplate());
                }
            }
            return result;
        }

        List<PodTemplateSpec> podsSelectedBy(LabelSelector selector) {
            return workloads().values().stream()
                    .filter(p -> matches(selector, p.getMetadata().getLabels()))
                    .toList();
        }

        /** Pods of workloads, Jobs and CronJobs, and the pods the CloudNativePG operator makes for each Cluster. */
        boolean podLabelsExist(LabelSelector selector) {
            if (!podsSelectedBy(selector).isEmpty()) {
                return true;
            }
            if (all(io.fabric8.kubernetes.api.model.batch.v1.Job.class).stream()
                    .anyMatch(job -> matches(
                            selector, job.getSpec().getTemplate().getMetadata().getLabels()))) {
                return true;
            }
            if (all(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class).stream()
                    .anyMatch(cron -> matches(
                            selector,
                            cron.getSpec()
                                    .getJobTemplate()
                                    .getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getLabels()))) {
                return true;
            }
            return customResourceNames("postgresql.cnpg.io/v1/Cluster").stream()
                    .anyMatch(c -> matches(selector, Map.of("cnpg.io/cluster", c)));
        }
    }

    /**
     * What one service's configuration knows: property names (env form too) and the variables it reads. Names come
     * from its application.properties and common's microprofile-config.properties, and from the code of the service
     * and of common: {@code @ConfigMapping} interfaces and {@code @ConfigProperty(name = …)} (see {@link DeclaredKeys}).
     * A map member of a mapping accepts any key below its name.
     */
    record ServiceConfig(
            Set<String> properties, Set<String> envNames, Set<String> referencedVariables, Set<String> mapPrefixes) {

        static ServiceConfig read(String service) {
            Set<String> properties = new TreeSet<>();
            Set<String> variables = new TreeSet<>();
            for (Path file : List.of(
                    ROOT.resolve(service).resolve("src/main/resources/application.properties"),
                    ROOT.resolve("common/src/main/resources/META-INF/microprofile-config.properties"))) {
                assertThat(file).as("configuration of %s", service).exists();
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (String key : p.stringPropertyNames()) {
                    // %test.quarkus.x and %dev,test.quarkus.x name the property quarkus.x.
                    properties.add(
                            key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key);
                    Matcher m = ENV_REFERENCE.matcher(p.getProperty(key));
                    while (m.find()) {
                        variables.add(m.group(1));
                    }
                }
            }
            DeclaredKeys declared = DeclaredKeys.scan(
                    List.of(ROOT.resolve(service).resolve("src/main/java"), ROOT.resolve("common/src/main/java")));
            properties.addAll(declared.properties());
            Set<String> envNames = new TreeSet<>();
            properties.forEach(k -> envNames.add(envName(k)));
            return new ServiceConfig(properties, envNames, variables, declared.mapPrefixes());
        }

        /** SmallRye's environment form: every character other than a letter or digit becomes _, upper case. */
        static String envName(String property) {
            return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        }

        boolean knows(String key) {
            if (key.contains(".")) {
                return properties.contains(key) || mapPrefixes.stream().anyMatch(m -> key.startsWith(m + "."));
            }
            return envNames.contains(key)
                    || referencedVariables.contains(key)
                    || mapPrefixes.stream().anyMatch(m -> key.startsWith(envName(m) + "_"));
        }
    }

    /**
     * Configuration names declared in Java sources, read as text (the services' classes are not on this module's
     * classpath): every {@code @ConfigMapping(prefix = …)} interface expanded the way SmallRye names its members
     * (kebab-case method names, {@code @WithName}, {@code @WithParentName}, nested and {@code Optional} groups; a
     * {@code Map} member accepts any key below it), and every {@code @ConfigProperty(name = …)}.
     */
    record DeclaredKeys(Set<String> properties, Set<String> mapPrefixes) {

        /** Text blocks, string literals and char literals (a '"' must not open a string). */
        private static final Pattern STRING =
                Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'");

        private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
        private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
        private static final Pattern MAPPING = Pattern.compile(
                "@ConfigMapping\\s*\\([^)]*?prefix\\s*=\\s*\"S(\\d+)\"[^)]*\\)[^{;]*?\\binterface\\s+(\\w+)");
        private static final Pattern CONFIG_PROPERTY =
                Pattern.compile("@ConfigProperty\\s*\\([^)]*?name\\s*=\\s*\"S(\\d+)\"");
        private static final Pattern MEMBER = Pattern.compile(
                "^((?:@[\\w.]+\\s*(?:\\([^)]*\\))?\\s*)*)((?:public\\s+|abstract\\s+)*)([\\w.<>,?\\s\\[\\]]+?)\\s+(\\w+)\\s*\\(\\s*\\)$");
        private static final Pattern WITH_NAME = Pattern.compile("@(?:[\\w.]+\\.)?WithName\\s*\\(\\s*\"S(\\d+)\"");
        private static final Pattern WITH_PARENT_NAME = Pattern.compile("@(?:[\\w.]+\\.)?WithParentName\\b");

        static DeclaredKeys scan(List<Path> sourceRoots) {
            List<Source> sources = new ArrayList<>();
            for (Path root : sourceRoots) {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        sources.add(Source.of(Files.readString(file)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            // interfaces by simple name across all files (a group may be declared in another file than its mapping);
            // a name is looked up in the referring file first: MeshConfig.Nats and IngestConfig.Nats are different
            Map<String, Source.Body> interfaces = new HashMap<>();
            sources.forEach(source -> interfaces.putAll(source.interfaces()));
            Set<String> properties = new TreeSet<>();
            Set<String> mapPrefixes = new TreeSet<>();
            for (Source source : sources) {
                Matcher mapping = MAPPING.matcher(source.code());
                while (mapping.find()) {
                    expand(
                            source.string(mapping.group(1)),
                            source.interfaces().get(mapping.group(2)),
                            interfaces,
                            properties,
                            mapPrefixes,
                            0);
                }
                Matcher property = CONFIG_PROPERTY.matcher(source.code());
                while (property.find()) {
                    properties.add(source.string(property.group(1)));
                }
            }
            return new DeclaredKeys(properties, mapPrefixes);
        }

        private static void expand(
                String prefix,
                Source.Body body,
                Map<String, Source.Body> interfaces,
                Set<String> properties,
                Set<String> mapPrefixes,
                int depth) {
            if (body == null || depth > 10) {
                return;
            }
            for (String member : body.members()) {
                Matcher m = MEMBER.matcher(member.strip());
                if (!m.matches()) {
                    continue; // default or static methods, constants, methods with parameters
                }
                String annotations = m.group(1);
                Matcher withName = WITH_NAME.matcher(annotations);
                String name = withName.find() ? body.source().string(withName.group(1)) : kebab(m.group(4));
                String path = WITH_PARENT_NAME.matcher(annotations).find() ? prefix : prefix + "." + name;
                String type = m.group(3).replaceAll("\\s+", "");
                Matcher optional =
                        Pattern.compile("^(?:java\\.util\\.)?Optional<(.+)>$").matcher(type);
                if (optional.matches()) {
                    type = optional.group(1);
                }
                if (type.matches("^(?:java\\.util\\.)?Map<.*")) {
                    mapPrefixes.add(path);
                    continue;
                }
                String simple = type.replaceAll("<.*", "").replaceAll(".*\\.", "");
                Source.Body group = body.source().interfaces().getOrDefault(simple, interfaces.get(simple));
                if (group != null) {
                    expand(path, group, interfaces, properties, mapPrefixes, depth + 1);
                } else {
                    properties.add(path);
                }
            }
        }

        /** SmallRye's default naming of mapping members: maxAckPending is max-ack-pending. */
        static String kebab(String method) {
            return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }

        /** One source file with string literals replaced by {@code "S<index>"} and comments removed. */
        record Source(String code, List<String> strings) {

            static Source of(String text) {
                List<String> strings = new ArrayList<>();
                StringBuilder code = new StringBuilder();
                // comments first would cut "nats://…" strings; strings first would keep quotes inside comments:
                // walk the text once and take whichever starts first
                Matcher string = STRING.matcher(text);
                Matcher comment = COMMENT.matcher(text);
                int at = 0;
                while (at < text.length()) {
                    boolean s = string.find(at);
                    int sStart = s ? string.start() : Integer.MAX_VALUE;
                    boolean c = comment.find(at);
                    int cStart = c ? comment.start() : Integer.MAX_VALUE;
                    if (!s && !c) {
                        code.append(text, at, text.length());
                        break;
                    }
                    if (sStart < cStart) {
                        code.append(text, at, sStart)
                                .append("\"S")
                                .append(strings.size())
                                .append('"');
                        String literal = string.group();
                        strings.add(literal.substring(1, literal.length() - 1));
                        at = string.end();
                    } else {
                        code.append(text, at, cStart).append(' ');
                        at = comment.end();
                    }
                }
                return new Source(code.toString(), strings);
            }

            String string(String index) {
                return strings.get(Integer.parseInt(index));
            }

            /** The body of every interface in this file, nested ones too, by simple name. */
            Map<String, Body> interfaces() {
                Map<String, Body> bodies = new HashMap<>();
                Matcher m = INTERFACE.matcher(code);
                while (m.find()) {
                    int open = m.end() - 1;
                    int close = matchingBrace(open);
                    if (close > open) {
                        bodies.put(m.group(1), new Body(this, code.substring(open + 1, close)));
                    }
                }
                return bodies;
            }

            private int matchingBrace(int open) {
                int depth = 0;
                for (int i = open; i < code.length(); i++) {
                    if (code.charAt(i) == '{') {
                        depth++;
                    } else if (code.charAt(i) == '}' && --depth == 0) {
                        return i;
                    }
                }
                return -1;
            }

            /** An interface body; its members are the declarations at its own level (nested blocks left out). */
            record Body(Source source, String text) {

                List<String> members() {
                    StringBuilder flat = new StringBuilder();
                    int depth = 0;
                    for (char ch : text.toCharArray()) {
                        if (ch == '{') {
                            if (depth++ == 0) {
                                flat.append(';'); // a nested type or a default method's body ends a declaration
                            }
                        } else if (ch == '}') {
                            depth--;
                        } else if (depth == 0) {
                            flat.append(ch);
                        }
                    }
                    List<String> members = new ArrayList<>();
                    for (String part : flat.toString().split(";")) {
                        if (!part.isBlank()) {
                            members.add(part);
                        }
                    }
                    return members;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private static Path findRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s/overlays")) && Files.isDirectory(p.resolve("common"))) {
                return p;
            }
        }
        throw new IllegalStateException("no k8s/overlays above " + dir);
    }

    private static void checkProbePath(List<String> problems, String service, String name, Probe probe, String path) {
        if (probe == null
                || probe.getHttpGet() == null
                || !path.equals(probe.getHttpGet().getPath())) {
            problems.add(service + ": " + name + " is not an HTTP GET of " + path);
        }
    }

    private static boolean hasContainerPort(PodTemplateSpec pod, IntOrString target) {
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .anyMatch((ContainerPort p) -> target.getStrVal() != null
                        ? target.getStrVal().equals(p.getName())
                        : Objects.equals(target.getIntVal(), p.getContainerPort()));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement req : selector.getMatchExpressions()) {
            String value = l.get(req.getKey());
            boolean ok = switch (req.getOperator()) {
                case "In" -> value != null && req.getValues().contains(value);
                case "NotIn" -> value == null || !req.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || ((selector.getMatchLabels() == null
                                || selector.getMatchLabels().isEmpty())
                        && selector.getMatchExpressions().isEmpty());
    }

    private static String describe(LabelSelector selector) {
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return labels + (selector.getMatchExpressions().isEmpty() ? "" : " " + selector.getMatchExpressions());
    }

    /** The tag of an image reference, or null when it has none (a digest alone counts as pinned). */
    static String tagOf(String image) {
        if (image.contains("@sha256:")) {
            return image.substring(image.indexOf('@') + 1);
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }

    private static String id(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getName();
    }
}
