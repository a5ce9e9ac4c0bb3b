package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.LogCapture;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.buffer.Buffer;

/** What an upstream sends can reach the proxy's log only escaped, on one line. */
@QuarkusTest
class UpstreamLogTest {

    private LogCapture log;

    @BeforeEach
    void listen() {
        log = LogCapture.of(UpstreamProxy.class);
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void anUpstreamFailureQuotingTheNetworkIsLoggedEscaped() throws Exception {
        // Not HTTP: the client's error quotes the version, here with the UTF-8 bytes of U+2028
        // (LINE SEPARATOR), which some log viewers break lines on.
        String answer = "HTTP/9\u00e9\u2028 200 OK\r\nContent-Length: 2\r\n\r\nok";
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write(Buffer.buffer(answer.getBytes(StandardCharsets.UTF_8)))
                        .onComplete(done -> socket.close()))) {
            given().header("Host", "down.test").get("/quoted").then().statusCode(502);
        }
        List<String> lines = log.lines();
        List<String> quoting = lines.stream().filter(l -> l.contains("invalid version format")).toList();
        assertEquals(1, quoting.size(), lines.toString());
        String line = quoting.get(0);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
        assertTrue(line.contains("invalid version format: HTTP/9\\u00c3\\u00a9"), line);
    }
}
