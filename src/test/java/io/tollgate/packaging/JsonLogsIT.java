package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.PortalClient;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The packaged gateway with JSON logging switched on, as a log pipeline would read it: every
 * line is one JSON object, and a security event carries its fields in the MDC (type, outcome,
 * user, client address) — never the password that was typed.
 */
class JsonLogsIT {

    private static final String PASSWORD = "json-logs-first-admin";
    private static final String TYPED = "typed-but-never-logged-" + Long.toHexString(System.nanoTime());

    private static EmbeddedStores stores;
    private static Process gateway;
    private static Path log;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        PackagedGateway.assumeJvmArtifact();
        stores = EmbeddedStores.start(Files.createTempDirectory("tollgate-json-logs"), false);
        port = EmbeddedStores.freePort();
        log = Files.createTempFile("tollgate-json-logs", ".log");
        gateway = PackagedGateway.start(port, EmbeddedStores.freePort(), stores,
                Map.of("TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD), log, "/.tollgate/login",
                "-Dquarkus.log.console.json.enabled=true", "-Dtollgate.session.secure=false",
                "-Dtollgate.bootstrap.admin-username=operator");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void everyLineIsJsonAndASecurityEventCarriesItsFieldsButNoPassword() throws Exception {
        assertEquals(401, new PortalClient("gateway.test").via(port).signIn("operator", TYPED).statusCode());

        JsonObject event = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (event == null && System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                JsonObject json = parse(line);
                if ("tollgate.security".equals(json.getString("loggerName"))
                        && "LOGIN".equals(json.getJsonObject("mdc", new JsonObject()).getString("event.type"))) {
                    event = json;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(event != null, "a security event line:\n" + Files.readString(log));
        JsonObject mdc = event.getJsonObject("mdc");
        assertEquals("FAILURE", mdc.getString("event.outcome"), event.encode());
        assertEquals("operator", mdc.getString("user.name"), event.encode());
        assertEquals("127.0.0.1", mdc.getString("client.address"), event.encode());
        assertEquals("INFO", event.getString("level"));

        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty());
        lines.forEach(JsonLogsIT::parse);
        String all = String.join("\n", lines);
        assertFalse(all.contains(TYPED), "the typed password is never logged");
        assertFalse(all.contains(PASSWORD), "nor the first administrator's");
    }

    private static JsonObject parse(String line) {
        try {
            return new JsonObject(line);
        } catch (DecodeException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
