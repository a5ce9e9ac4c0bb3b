package io.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.packaging.PackagedGateway;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.core.json.JsonObject;

/**
 * The packaged gateway as production runs it, for the attack and fault suites: Secure cookies, one
 * trusted proxy (127.0.0.1; a client on 127.0.0.2 is anyone else), and on
 * {@value #APP}: a two_factor application, a bypass part ({@code /public}) and a denied
 * one ({@code /private}), all served by a {@link RecordingUpstream} that records exactly what
 * reaches it; {@value #CHECKED} is answered by the forward-auth endpoints only. Users are
 * made through the admin API with the bootstrap administrator's AuthKey.
 */
public final class ProductionGateway implements AutoCloseable {

    public static final String APP = "app.example.test";
    public static final String CHECKED = "checked.example.test";
    public static final String ADMIN_PASSWORD = "attack-suite-" + Long.toHexString(System.nanoTime());

    public final EmbeddedStores stores;
    public final RecordingUpstream upstream;
    public final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private String adminKey;

    private ProductionGateway(EmbeddedStores stores, RecordingUpstream upstream) {
        this.stores = stores;
        this.upstream = upstream;
    }

    /** {@code replicas} gateways on the same stores, each with these -D settings added. */
    public static ProductionGateway start(int replicas, String... settings) throws Exception {
        PackagedGateway.assumeJvmArtifact();
        ProductionGateway gateway = new ProductionGateway(
                EmbeddedStores.start(Files.createTempDirectory("tollgate-attack"), false), RecordingUpstream.start());
        try {
            for (int i = 0; i < replicas; i++) {
                gateway.replica(settings);
            }
            gateway.adminKey = gateway.keyFor(gateway.port(), "operator", ADMIN_PASSWORD);
            return gateway;
        } catch (Exception | AssertionError e) {
            gateway.close();
            throw e;
        }
    }

    private void replica(String... extra) throws Exception {
        int port = EmbeddedStores.freePort();
        Path log = Files.createTempFile("tollgate-attack-" + port, ".log");
        List<String> settings = new ArrayList<>(List.of("-Dtollgate.session.secure=true",
                "-Dtollgate.trusted-proxies=127.0.0.1/32",
                "-Dtollgate.policy.admins-required=false", "-Dtollgate.bootstrap.admin-username=operator",
                "-Dtollgate.routes.app.host=" + APP, "-Dtollgate.routes.app.policy=two_factor",
                "-Dtollgate.routes.app.upstream=" + upstream.url(),
                "-Dtollgate.routes.public.host=" + APP, "-Dtollgate.routes.public.path-prefix=/public",
                "-Dtollgate.routes.public.policy=bypass", "-Dtollgate.routes.public.upstream=" + upstream.url(),
                "-Dtollgate.routes.private.host=" + APP, "-Dtollgate.routes.private.path-prefix=/private",
                "-Dtollgate.routes.private.policy=deny", "-Dtollgate.routes.private.upstream=" + upstream.url(),
                "-Dtollgate.routes.checked.host=" + CHECKED, "-Dtollgate.routes.checked.policy=two_factor",
                // The suite's many sign-ins come from one address: only the per-user limits are under test.
                "-Dtollgate.regulation.address-throttle-after=100000"));
        settings.addAll(List.of(extra));
        processes.add(PackagedGateway.start(port, EmbeddedStores.freePort(), stores,
                Map.of("TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD), log, "/.tollgate/login",
                settings.toArray(String[]::new)));
        ports.add(port);
        logs.add(log);
    }

    public int port() {
        return ports.get(0);
    }

    /** Kills one replica outright (SIGKILL), as a crashed node or an evicted pod would go. */
    public void kill(int replica) throws InterruptedException {
        processes.get(replica).destroyForcibly().waitFor();
    }

    /** A browser on {@value #APP}, reaching the first replica through the trusted proxy over https. */
    public PortalClient browser() {
        return browser(port());
    }

    public PortalClient browser(int port) {
        return new PortalClient(APP).via(port).header("X-Forwarded-Proto", "https");
    }

    /** Every replica's log so far, for failure messages and the checks that nothing secret is logged. */
    public String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path log : logs) {
            all.append(Files.readString(log));
        }
        return all.toString();
    }

    /** A user with this password (and no authenticator: the password is their whole sign-in). */
    public long user(String username, String password) throws Exception {
        HttpResponse<String> created = api("POST", "/users", new JsonObject().put("username", username)
                .put("password", password).encode());
        assertEquals(201, created.statusCode(), created.body());
        return new JsonObject(created.body()).getLong("id");
    }

    /** Gives the user an authenticator with this base32 secret (SHA-1, 6 digits, 30 s), as an import would. */
    public Totp authenticator(String username, String secret) throws Exception {
        HttpResponse<String> imported = api("POST", "/imports?format=otpauth",
                "otpauth://totp/Old:" + username + "?secret=" + secret + "\n");
        assertTrue(imported.body().contains("\"imported\":1"), imported.body());
        return new Totp(HashAlgorithm.SHA1, Base32.decode(secret), 6, 30);
    }

    /**
     * A user with an authenticator, signed in with both factors in a new browser; answers the
     * session cookie as a browser sends it ({@code __Host-tollgate_session=…}).
     */
    public String signedInWithCode(String username, String password, String secret) throws Exception {
        user(username, password);
        Totp phone = authenticator(username, secret);
        PortalClient browser = browser();
        assertTrue(browser.signIn(username, password).header("Location").contains("/totp"));
        browser.code(now(phone));
        assertEquals(200, browser.get("/signed-in-" + username).statusCode(), username + " is signed in");
        return "__Host-tollgate_session=" + browser.cookie("__Host-tollgate_session");
    }

    public static String now(Totp totp) {
        return totp.codeAt(Instant.now().getEpochSecond());
    }

    public HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port()
                + "/.tollgate/api/admin/v1" + path)).header("Authorization", "AuthKey " + adminKey)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An AuthKey made on the user's account page (the user must need no code). */
    public String keyFor(int port, String username, String password) {
        return browser(port).newAuthKey(username, password);
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        upstream.close();
        stores.close();
    }
}
