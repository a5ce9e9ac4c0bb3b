package io.tollgate.proxy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.testing.DocSnippet;
import io.tollgate.testing.ExternalServer;
import io.tollgate.testing.LoopbackIsATrustedProxy;

/** {@link ForwardAuthScenario} behind a real Caddy running the forward_auth block of docs/deployment.md. */
@QuarkusTest
@TestProfile(LoopbackIsATrustedProxy.class)
class ForwardAuthBehindCaddyTest extends ForwardAuthScenario {

    @Override
    ExternalServer start(Path directory, int port, int gatewayPort, String upstream) throws Exception {
        Path caddy = ExternalServer.find("/usr/bin/caddy", "/usr/local/bin/caddy");
        Assumptions.assumeTrue(caddy != null, "Caddy is not installed: install the Debian package caddy");
        String site = DocSnippet.fill(DocSnippet.read("docs/deployment.md", ForwardAuthBehindCaddyTest.class),
                "app.example.com {", "http://alpha.test:" + port + " {",
                "tollgate:8080", "127.0.0.1:" + gatewayPort,
                "app:8080", upstream);
        String dir = directory.toAbsolutePath().toString();
        write(directory.resolve("Caddyfile"), """
                {
                	admin off
                	auto_https off
                	storage file_system %s/data
                }
                %s
                """.formatted(dir, site));
        return ExternalServer.start(directory, List.of(caddy.toString(), "run", "--config", dir + "/Caddyfile",
                "--adapter", "caddyfile"), Map.of("HOME", dir, "XDG_DATA_HOME", dir + "/data", "XDG_CONFIG_HOME",
                dir + "/config"), port);
    }
}
