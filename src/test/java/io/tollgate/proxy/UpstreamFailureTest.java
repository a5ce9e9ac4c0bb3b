package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.TestUpstream;
import io.tollgate.testing.UpstreamTestResource;

@QuarkusTest
class UpstreamFailureTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void refusedUpstreamGives502PageForBrowsersAndJsonForApis() {
        given().header("Host", "down.test").accept("text/html").get("/")
                .then().statusCode(502).contentType(containsString("text/html"))
                .body(containsString("Application unavailable"));
        given().header("Host", "down.test").accept("application/json").get("/")
                .then().statusCode(502).contentType(containsString("application/json"))
                .body("error", equalTo("bad_gateway"));
    }

    @Test
    void slowUpstreamGives504AfterTheRouteTimeout() {
        given().header("Host", "slow.test").accept("text/html").get("/slow?ms=3000")
                .then().statusCode(504).body(containsString("did not answer in time"));
        given().header("Host", "slow.test").accept("application/json").get("/slow?ms=3000")
                .then().statusCode(504).body("error", equalTo("gateway_timeout"));
        // Within the timeout the same route answers normally.
        given().header("Host", "slow.test").get("/slow?ms=100").then().statusCode(200);
    }

    @Test
    void anUploadSlowerThanTheTimeoutIsNotCutShort() throws Exception {
        HttpClient client = UpstreamTestResource.vertx().createHttpClient();
        try {
            Vertx vertx = UpstreamTestResource.vertx();
            // slow.test has a 1 s timeout; this upload takes about 2.5 s.
            String answer = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(gateway.getPort(), gateway.getHost()))
                    .setHost("slow.test").setPort(80).setURI("/upload"))
                    .compose(request -> {
                        request.setChunked(true);
                        Promise<HttpClientResponse> response = Promise.promise();
                        request.response().onComplete(response);
                        int[] sent = { 0 };
                        vertx.setPeriodic(500, id -> {
                            if (sent[0]++ < 5) {
                                request.write("0123456789");
                            } else {
                                vertx.cancelTimer(id);
                                request.end();
                            }
                        });
                        // The body is read inside the request's chain (see ExchangeReleaseTest).
                        return response.future().compose(r -> r.body().map(b -> r.statusCode() + " " + b));
                    })
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(answer.startsWith("200 "), answer);
            assertEquals(50, new JsonObject(answer.substring(4)).getLong("bytes"));
        } finally {
            client.close();
        }
    }

    @Test
    void aFullConnectionPoolGives504InsteadOfHanging() throws Exception {
        HttpClient client = UpstreamTestResource.vertx().createHttpClient();
        Vertx vertx = UpstreamTestResource.vertx();
        try {
            // tiny.test has one pooled connection; a slow but living upload holds it.
            HttpClientRequest slow = openUpload(client, "tiny.test");
            long trickle = vertx.setPeriodic(300, id -> slow.write("."));
            Thread.sleep(300);
            given().header("Host", "tiny.test").accept("application/json").get("/waiting")
                    .then().statusCode(504).body("error", equalTo("gateway_timeout"));
            vertx.cancelTimer(trickle);
            slow.end();
            given().header("Host", "tiny.test").get("/free-again").then().statusCode(200);
        } finally {
            client.close();
        }
    }

    @Test
    void aStalledUploadIsCutOffAndFreesItsUpstreamConnection() throws Exception {
        HttpClient client = UpstreamTestResource.vertx().createHttpClient();
        try {
            HttpClientRequest stalled = openUpload(client, "tiny.test");
            CompletableFuture<Void> closed = new CompletableFuture<>();
            stalled.connection().closeHandler(v -> closed.complete(null));
            // tiny.test has a 1 s timeout: silence longer than that ends the upload.
            closed.get(10, TimeUnit.SECONDS);
            given().header("Host", "tiny.test").get("/after-stall").then().statusCode(200);
        } finally {
            client.close();
        }
    }

    private HttpClientRequest openUpload(HttpClient client, String host) throws Exception {
        HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(gateway.getPort(), gateway.getHost()))
                .setHost(host).setPort(80).setURI("/upload"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        request.setChunked(true);
        request.write("started");
        return request;
    }

    @Test
    void otherRoutesKeepWorkingAndTheRouteRecoversWhenItsUpstreamReturns() {
        given().header("Host", "down.test").get("/").then().statusCode(502);
        given().header("Host", "alpha.test").get("/still-fine").then().statusCode(200);

        TestUpstream back = TestUpstream.start(UpstreamTestResource.vertx(), "back", UpstreamTestResource.downPort());
        try {
            given().header("Host", "down.test").get("/again")
                    .then().statusCode(200).header("X-Upstream", "back");
        } finally {
            back.close();
        }
        given().header("Host", "down.test").get("/").then().statusCode(502);
    }

    @Test
    void anAnswerInATransferCodingTheGatewayCannotVouchForGives502() throws Exception {
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n"))) {
            given().header("Host", "down.test").accept("application/json").get("/coded")
                    .then().statusCode(502).body("error", equalTo("bad_gateway"));
        }
    }

    @Test
    void headersTheUpstreamNamesInConnectionStayOnItsHop() throws Exception {
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\n"
                        + "X-Hop: only for the gateway\r\nX-Kept: yes\r\nKeep-Alive: timeout=5\r\n"
                        + "Content-Length: 2\r\n\r\nok"))) {
            var answer = given().header("Host", "down.test").get("/hop").then().statusCode(200).extract();
            assertEquals("ok", answer.body().asString());
            assertEquals("yes", answer.header("X-Kept"));
            assertEquals(null, answer.header("X-Hop"));
            assertEquals(null, answer.header("Keep-Alive"));
        }
    }

    @Test
    void anAnswerWhoseBodyStopsIsCutAfterTheRouteTimeout() throws Exception {
        // down.test has a 2 s timeout; the upstream sends half of its body, then nothing.
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"));
                java.net.Socket client = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET /stalls HTTP/1.1\r\nHost: down.test\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            byte[] all = client.getInputStream().readAllBytes();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            String answer = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("hello"), "the half that came, and the connection closed: " + answer);
            assertTrue(tookMillis >= 1_900 && tookMillis < 8_000, "cut after about 2 s, took " + tookMillis + " ms");
        }
    }

    @Test
    void anAnswerThatKeepsMovingIsNeverCutHoweverLongItTakes() throws Exception {
        // Ten bytes, one every 400 ms: 4 s in all, twice down.test's timeout, never 2 s silent.
        Vertx vertx = UpstreamTestResource.vertx();
        try (RawUpstream upstream = RawUpstream.start(vertx, UpstreamTestResource.downPort(), (socket, head) -> {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
            for (int i = 0; i < 10; i++) {
                String digit = Integer.toString(i);
                vertx.setTimer(400L * (i + 1), id -> socket.write(digit));
            }
        })) {
            given().header("Host", "down.test").get("/trickles").then().statusCode(200).body(equalTo("0123456789"));
        }
    }

    @Test
    void anAnswerWithAControlCharacterInAHeaderGives502AndNoneOfItsHeaders() throws Exception {
        for (String odd : List.of("\u000b", "\f", "\u0000", "\u007f")) {
            try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                    (socket, head) -> socket.write("HTTP/1.1 200 OK\r\nSet-Cookie: app=1\r\nX-Odd: a" + odd
                            + "b\r\nContent-Length: 2\r\n\r\nok"))) {
                var answer = given().header("Host", "down.test").accept("application/json").get("/odd")
                        .then().extract();
                // The client's parser refuses the answer: a clean 502, never a hang, nothing of it passed on.
                assertEquals(502, answer.statusCode(), "for " + (int) odd.charAt(0));
                assertEquals("bad_gateway", answer.jsonPath().getString("error"));
                assertEquals(null, answer.header("Set-Cookie"), "nothing of the refused answer");
            }
        }
    }
}
