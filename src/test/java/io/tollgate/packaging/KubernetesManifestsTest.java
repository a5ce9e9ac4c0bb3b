package io.tollgate.packaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The manifests under k8s/, as {@code kubectl kustomize} renders each overlay, checked against
 * the application: probes reach endpoints the running gateway answers on the port it listens
 * on, every setting is one the gateway knows, every referenced object exists, labels select
 * what they mean to, and the disruption budget lets nodes drain.
 */
@QuarkusTest
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    /** Created by the operator, as docs/deployment.md says; never rendered by an overlay. */
    private static final Set<String> EXTERNAL_SECRETS = Set.of("tollgate-secrets", "tollgate-store-ca");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @jakarta.inject.Inject
    io.tollgate.audit.AuditLog audit;

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/production" })
    void theDeploymentsProbesReachEndpointsTheGatewayAnswersOnItsPorts(String overlay) throws Exception {
        Container gateway = gatewayContainer(render(overlay));
        Properties application = applicationProperties();
        assertEquals(Integer.parseInt(application.getProperty("quarkus.http.port")), port(gateway, "http"));
        assertEquals(Integer.parseInt(application.getProperty("quarkus.management.port")), port(gateway, "management"));
        for (Probe probe : List.of(gateway.getStartupProbe(), gateway.getReadinessProbe(), gateway.getLivenessProbe())) {
            assertNotNull(probe, "startup, readiness and liveness probes");
            HTTPGetAction get = probe.getHttpGet();
            assertEquals("management", get.getPort().getStrVal(), "probes ask the management port");
            String url = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort() + get.getPath();
            given().get(url).then().statusCode(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/production" })
    void theGatewayRunsLockedDownAndDrainsOnShutdown(String overlay) throws Exception {
        Deployment deployment = one(render(overlay), Deployment.class, "tollgate");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container gateway = gatewayContainer(render(overlay));
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertFalse(pod.getAutomountServiceAccountToken(), "no API token: the gateway calls no Kubernetes API");
        assertTrue(gateway.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(gateway.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), gateway.getSecurityContext().getCapabilities().getDrop());
        assertNotNull(gateway.getResources().getRequests().get("cpu"));
        assertNotNull(gateway.getResources().getRequests().get("memory"));
        assertNotNull(gateway.getResources().getLimits().get("memory"));
        assertTrue(pod.getTopologySpreadConstraints().stream()
                .anyMatch(c -> c.getTopologyKey().equals("kubernetes.io/hostname")), "spread over nodes");

        Duration delay = Duration.parse("PT" + env(gateway, "QUARKUS_SHUTDOWN_DELAY").toUpperCase());
        Duration timeout = Duration.parse("PT" + env(gateway, "QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase());
        assertTrue(delay.toSeconds() >= 3, "endpoints and ingress controllers forget the pod before the drain starts");
        assertTrue(pod.getTerminationGracePeriodSeconds() > delay.plus(timeout).toSeconds(),
                "Kubernetes waits longer than the delay and the drain together");
        assertEquals(gateway.getWorkingDir() + "/config", gateway.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("config")).findFirst().orElseThrow().getMountPath(),
                "settings where Quarkus reads them: config/ under the working directory");
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        gateway.getVolumeMounts().forEach(m -> assertTrue(volumes.contains(m.getName()), m.getName()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/production" })
    void everyReferencedConfigMapAndSecretExistsAndEverySettingIsKnown(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        PodSpec pod = one(objects, Deployment.class, "tollgate").getSpec().getTemplate().getSpec();
        Set<String> configMaps = names(objects, ConfigMap.class);
        Set<String> secrets = names(objects, Secret.class);
        for (Volume volume : pod.getVolumes()) {
            if (volume.getConfigMap() != null) {
                assertTrue(configMaps.contains(volume.getConfigMap().getName()), volume.getConfigMap().getName());
            }
            if (volume.getSecret() != null) {
                String name = volume.getSecret().getSecretName();
                assertTrue(secrets.contains(name) || EXTERNAL_SECRETS.contains(name), name);
            }
        }
        for (Container container : pod.getContainers()) {
            container.getEnvFrom().forEach(from -> {
                if (from.getSecretRef() != null) {
                    String name = from.getSecretRef().getName();
                    assertTrue(secrets.contains(name) || EXTERNAL_SECRETS.contains(name), name);
                }
                if (from.getConfigMapRef() != null) {
                    assertTrue(configMaps.contains(from.getConfigMapRef().getName()));
                }
            });
            for (EnvVar variable : container.getEnv()) {
                assertTrue(KnownSettings.knowsVariable(variable.getName()), variable.getName() + " is not a setting");
                if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                    fail("keys are read with envFrom only: " + variable.getName());
                }
            }
        }
        ConfigMap config = objects.stream().filter(o -> o instanceof ConfigMap && o.getMetadata().getName()
                .startsWith("tollgate-config")).map(ConfigMap.class::cast).findFirst().orElseThrow();
        Properties settings = new Properties();
        settings.load(new StringReader(config.getData().get("application.properties")));
        assertFalse(settings.isEmpty());
        List<String> unknown = settings.stringPropertyNames().stream().filter(key -> !KnownSettings.knowsProperty(key))
                .sorted().toList();
        assertEquals(List.of(), unknown, "settings the gateway does not know");
        for (Secret secret : objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList()) {
            if (secret.getMetadata().getName().startsWith("tollgate-secrets")) {
                Set<String> keys = new TreeSet<>(secret.getData() != null ? secret.getData().keySet()
                        : secret.getStringData().keySet());
                keys.forEach(key -> assertTrue(KnownSettings.knowsVariable(key), key + " is not a setting"));
            }
        }
    }

    @Test
    void theSettingsCheckKnowsRealNamesAndRefusesTypos() {
        for (String known : List.of("tollgate.session.domain", "tollgate.routes.wiki.host", "tollgate.access-rules[0].networks",
                "tollgate.crypto.keys.main", "%prod.tollgate.portal.host", "quarkus.redis.hosts",
                "quarkus.tls.stores.trust-store.pem.certs", "quarkus.datasource.reactive.postgresql.ssl-mode")) {
            assertTrue(KnownSettings.knowsProperty(known), known);
        }
        for (String typo : List.of("tollgate.sesion.domain", "tollgate.routes.wiki.hots", "tollgate.portal.hots",
                "quarkus.redis.hostz", "quarkus.datasource.reactive.ssl-mode")) {
            assertFalse(KnownSettings.knowsProperty(typo), typo);
        }
        assertTrue(KnownSettings.knowsVariable("TOLLGATE_CRYPTO_KEYS_MAIN"));
        assertTrue(KnownSettings.knowsVariable("QUARKUS_REDIS_PASSWORD"));
        assertFalse(KnownSettings.knowsVariable("TOLLGATE_CRYPTO_KEY_MAIN"));
        assertFalse(KnownSettings.knowsVariable("QUARKUS_REDIS_PASWORD"));
    }

    @Test
    void theSecretTemplateHoldsOnlySettingsTheGatewayKnows() throws Exception {
        Secret template = YAML.unmarshal(Files.readString(K8S.resolve("base/secret.template.yaml")), Secret.class);
        assertFalse(template.getStringData().isEmpty());
        template.getStringData().keySet().forEach(key -> assertTrue(KnownSettings.knowsVariable(key), key));
        assertTrue(template.getStringData().keySet().containsAll(Set.of("QUARKUS_DATASOURCE_PASSWORD",
                "TOLLGATE_CRYPTO_KEYS_MAIN", "TOLLGATE_CRYPTO_ACTIVE_KEY", "TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD")));
        String deployment = Files.readString(Path.of("docs/deployment.md"));
        EXTERNAL_SECRETS.forEach(name -> assertTrue(deployment.contains(name), "docs/deployment.md names " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/production" })
    void labelsSelectThePodsAndTheBudgetLetsNodesDrain(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        Deployment deployment = one(objects, Deployment.class, "tollgate");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(selects(deployment.getSpec().getSelector().getMatchLabels(), podLabels));

        Service service = one(objects, Service.class, "tollgate");
        assertTrue(selects(service.getSpec().getSelector(), podLabels), "the Service reaches the gateway's pods");
        Container gateway = gatewayContainer(objects);
        for (ServicePort port : service.getSpec().getPorts()) {
            port(gateway, port.getTargetPort().getStrVal());
        }
        NetworkPolicy policy = one(objects, NetworkPolicy.class, "tollgate");
        assertTrue(selects(policy.getSpec().getPodSelector().getMatchLabels(), podLabels));
        policy.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(p -> port(gateway, p.getPort().getStrVal())));
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());

        HorizontalPodAutoscaler autoscaler = one(objects, HorizontalPodAutoscaler.class, "tollgate");
        assertEquals("Deployment", autoscaler.getSpec().getScaleTargetRef().getKind());
        assertEquals("tollgate", autoscaler.getSpec().getScaleTargetRef().getName());
        int fewest = Math.min(autoscaler.getSpec().getMinReplicas(), deployment.getSpec().getReplicas());

        PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class, "tollgate");
        assertTrue(selects(budget.getSpec().getSelector().getMatchLabels(), podLabels));
        int evictable = budget.getSpec().getMaxUnavailable() != null ? budget.getSpec().getMaxUnavailable().getIntVal()
                : fewest - budget.getSpec().getMinAvailable().getIntVal();
        assertTrue(evictable >= 1, "a drain can evict a pod even at the fewest replicas (" + fewest + ")");
        var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
        assertEquals(0, rolling.getMaxUnavailable().getIntVal(), "a rollout never lowers capacity");
        assertTrue(rolling.getMaxSurge().getIntVal() >= 1, "a rollout can proceed");

        for (GenericKubernetesResource monitor : generic(objects, "ServiceMonitor")) {
            @SuppressWarnings("unchecked")
            Map<String, String> wanted = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>) monitor
                    .getAdditionalProperties().get("spec")).get("selector")).get("matchLabels");
            assertTrue(selects(wanted, service.getMetadata().getLabels()), "the ServiceMonitor finds the Service");
            Set<String> servicePorts = service.getSpec().getPorts().stream().map(ServicePort::getName)
                    .collect(Collectors.toSet());
            String endpointPort = monitor.get("spec", "endpoints", 0, "port");
            String endpointPath = monitor.get("spec", "endpoints", 0, "path");
            assertTrue(servicePorts.contains(endpointPort));
            String url = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort()
                    + endpointPath;
            given().get(url).then().statusCode(200);
        }
    }

    @Test
    void productionRunsThreeReplicasOfTheNativeImageWithMonitoringAndStoresOverTls() throws Exception {
        List<HasMetadata> objects = render("overlays/production");
        Deployment deployment = one(objects, Deployment.class, "tollgate");
        assertEquals(3, deployment.getSpec().getReplicas());
        assertEquals(3, one(objects, HorizontalPodAutoscaler.class, "tollgate").getSpec().getMinReplicas());
        assertTrue(gatewayContainer(objects).getImage().contains("tollgate-native"));
        assertEquals(1, generic(objects, "ServiceMonitor").size());
        assertEquals(1, generic(objects, "PrometheusRule").size());
        ConfigMap config = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().startsWith("tollgate-config")).findFirst().orElseThrow();
        Properties settings = new Properties();
        settings.load(new StringReader(config.getData().get("application.properties")));
        assertEquals("verify-full", settings.getProperty("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("sentinel", settings.getProperty("quarkus.redis.client-type"));
        String tls = settings.getProperty("quarkus.redis.tls-configuration-name");
        assertEquals("HTTPS", settings.getProperty("quarkus.tls." + tls + ".hostname-verification-algorithm"));
        assertTrue(settings.getProperty("quarkus.tls." + tls + ".trust-store.pem.certs").startsWith("/etc/tollgate/store-ca/"));
        assertTrue(List.of(settings.getProperty("quarkus.redis.hosts").split(",")).stream()
                .allMatch(h -> h.startsWith("rediss://")), "every Sentinel over TLS");
        assertTrue(settings.getProperty("quarkus.datasource.jdbc.url").contains("sslmode=verify-full"));
    }

    @Test
    void theAlertRulesAndTheDashboardAskForMetricsTheGatewayPublishes() throws Exception {
        // Meters appear with their first event: one answered request, one audited event.
        given().redirects().follow(false).header("Host", "alpha.test").get("/secure/metrics-probe");
        io.tollgate.testing.TestAccounts.await(() -> audit.record(new io.tollgate.audit.AuditLog.Actor("metrics-probe",
                "192.0.2.1", "test"), io.tollgate.audit.AuditEvent.Type.LOCKOUT, io.tollgate.audit.AuditEvent.Outcome.LOCKED,
                "a lock, for the metrics"));
        String scraped = given().get(management.getProtocol() + "://" + management.getHost() + ":"
                + management.getPort() + "/q/metrics").then().statusCode(200).extract().asString();
        List<HasMetadata> production = render("overlays/production");
        GenericKubernetesResource rules = generic(production, "PrometheusRule").get(0);
        List<Map<String, Object>> groups = rules.get("spec", "groups");
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) group.get("rules");
            list.forEach(rule -> expressions.add((String) rule.get("expr")));
        }
        // The Grafana dashboard, as the ConfigMap its sidecar loads: every panel asks something.
        ConfigMap dashboard = one(production, ConfigMap.class, "tollgate-grafana-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(dashboard.getData().get("tollgate.json"));
        assertFalse(json.getJsonArray("panels").isEmpty());
        for (Object panel : json.getJsonArray("panels")) {
            io.vertx.core.json.JsonArray targets = ((io.vertx.core.json.JsonObject) panel).getJsonArray("targets");
            assertFalse(targets.isEmpty(), panel.toString());
            targets.forEach(t -> expressions.add(((io.vertx.core.json.JsonObject) t).getString("expr")));
        }
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            var matcher = java.util.regex.Pattern.compile("\\b((tollgate|jvm)_[a-z_]+)\\b").matcher(expression);
            if (!matcher.find()) {
                // Prometheus' own "up" of the scraped replicas is the only other thing asked for.
                assertTrue(expression.matches("(?s)(sum\\()?up\\{service=\"tollgate\"\\}.*"), expression);
                continue;
            }
            do {
                metrics.add(matcher.group(1));
            } while (matcher.find());
        }
        for (String metric : metrics) {
            String family = metric.replaceAll("_(total|count|sum|bucket)$", "");
            assertTrue(scraped.contains("# TYPE " + family), metric + " is not published");
        }
    }

    @Test
    void theForwardAuthExamplesAskTheGatewaysDecisionEndpoints() throws Exception {
        List<HasMetadata> objects = render("examples/forward-auth");
        Ingress nginx = one(objects, Ingress.class, "wiki");
        assertTrue(nginx.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/auth-url")
                .endsWith("/.tollgate/api/authz/auth-request"));
        GenericKubernetesResource traefik = generic(objects, "Middleware").get(0);
        assertTrue(((String) traefik.get("spec", "forwardAuth", "address")).endsWith("/.tollgate/api/authz/forward-auth"));
        assertEquals(false, traefik.get("spec", "forwardAuth", "trustForwardHeader"));
        GenericKubernetesResource envoy = generic(objects, "SecurityPolicy").get(0);
        assertEquals("/.tollgate/api/authz/ext-authz", envoy.get("spec", "extAuth", "http", "path"));
        List<String> forwarded = envoy.get("spec", "extAuth", "headersToExtAuth");
        assertTrue(forwarded.containsAll(List.of("cookie", "authorization", "x-forwarded-for")));
        for (String kind : List.of("Middleware", "SecurityPolicy")) {
            assertEquals("tollgate", generic(objects, kind).get(0).getMetadata().getName());
        }
        // Each answers the gateway: the endpoint exists (a check without forwarded headers is refused, not unknown).
        for (String path : List.of("/.tollgate/api/authz/auth-request", "/.tollgate/api/authz/forward-auth")) {
            int status = given().redirects().follow(false).get(path).statusCode();
            assertTrue(status != 404, path + " answered " + status);
        }
    }

    // ---- helpers

    static List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(overlay).toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render k8s/ (it is on the build machines; .ci/run checks it)", e);
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), out);
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : out.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(YAML.unmarshal(document));
            }
        }
        return objects;
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    private static List<GenericKubernetesResource> generic(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(o -> o.getKind().equals(kind)).toList();
    }

    private static Set<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> kind) {
        return objects.stream().filter(kind::isInstance).map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static Container gatewayContainer(List<HasMetadata> objects) {
        return one(objects, Deployment.class, "tollgate").getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("tollgate")).findFirst().orElseThrow();
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream().filter(p -> Objects.equals(p.getName(), name)).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of("src/main/resources/application.properties"))));
        return properties;
    }
}
