package io.tollgate.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.testing.DocSnippet;
import io.tollgate.testing.ExternalServer;
import io.tollgate.testing.LoopbackIsATrustedProxy;

/** {@link ForwardAuthScenario} behind a real nginx running the auth_request block of docs/deployment.md. */
@QuarkusTest
@TestProfile(LoopbackIsATrustedProxy.class)
class ForwardAuthBehindNginxTest extends ForwardAuthScenario {

    @Override
    ExternalServer start(Path directory, int port, int gatewayPort, String upstream) throws Exception {
        Path nginx = ExternalServer.find("/usr/sbin/nginx", "/usr/bin/nginx");
        Assumptions.assumeTrue(nginx != null, "nginx is not installed: install the Debian package nginx");
        String server = DocSnippet.fill(DocSnippet.read("docs/deployment.md", ForwardAuthBehindNginxTest.class),
                "listen 80;", "listen 127.0.0.1:" + port + ";",
                "server_name app.example.com;", "server_name alpha.test;",
                "tollgate:8080", "127.0.0.1:" + gatewayPort,
                "app:8080", upstream);
        String dir = directory.toAbsolutePath().toString();
        for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(directory.resolve(temp));
        }
        write(directory.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(dir, server));
        return ExternalServer.start(directory, List.of(nginx.toString(), "-p", dir, "-e", dir + "/error.log", "-c",
                dir + "/nginx.conf"), Map.of(), port);
    }
}
