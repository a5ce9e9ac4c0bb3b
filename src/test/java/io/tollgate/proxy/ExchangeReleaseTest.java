package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Per-request state must be released when the exchange ends, not when the route timeout
 * (30 s on alpha.test) runs out: the gateway runs in this JVM, so its live objects can be
 * counted after a full GC.
 */
@QuarkusTest
class ExchangeReleaseTest {

    private static final int REQUESTS = 3000;
    private static final int IN_FLIGHT = 16;

    /** Objects that exist once per proxied request, on the gateway side only. */
    private static final List<String> PER_REQUEST = List.of("io.vertx.ext.web.impl.RoutingContextImpl",
            "io.tollgate.proxy.Exchange", "io.tollgate.proxy.UploadWatch", "io.tollgate.proxy.UnannouncedBody");

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void noPerRequestObjectOutlivesItsExchange() throws Exception {
        exchangesLeaveNothingBehind(new HttpClientOptions().setKeepAlive(true), this::send);
    }

    @Test
    void noPerRequestObjectOutlivesItsHttp2Exchange() throws Exception {
        exchangesLeaveNothingBehind(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false), this::sendOverHttp2);
    }

    private void exchangesLeaveNothingBehind(HttpClientOptions options,
            java.util.function.BiFunction<HttpClient, Integer, Future<Integer>> sending) throws Exception {
        Map<String, Long> before = liveInstancesAfterFullGc();
        HttpClient client = UpstreamTestResource.vertx().createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
        try {
            List<Future<Integer>> batch = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                batch.add(sending.apply(client, i));
                if (batch.size() == IN_FLIGHT) {
                    await(batch);
                }
            }
            await(batch);
        } finally {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Map<String, Long> after = liveInstancesAfterFullGc();
        System.out.printf("Live after %d exchanges and a full GC: %s (before: %s)%n", REQUESTS, after, before);
        for (String type : PER_REQUEST) {
            long left = after.getOrDefault(type, 0L) - before.getOrDefault(type, 0L);
            // Well under one in twenty: a leak keeps (nearly) all of them until the route timeout.
            assertTrue(left < REQUESTS / 20, left + " " + type + " still alive after " + REQUESTS
                    + " finished exchanges");
        }
    }

    @Test
    void anAnswerBeforeTheWholeUploadLeavesTheConnectionsNextRequestAlone() throws Exception {
        // The upstream of down.test (2 s timeout) answers as soon as it has read the head, and closes.
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nearly")
                        .onComplete(done -> socket.close()));
                Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            client.setSoTimeout(20_000);
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write(ascii("POST /early HTTP/1.1\r\nHost: down.test\r\nContent-Length: 10\r\n\r\n01234"));
            assertEquals("200 early", readAnswer(in));
            // The rest of the first body, then a second request on the same connection that
            // takes longer than down.test's timeout (alpha.test has 30 s).
            out.write(ascii("56789GET /slow?ms=3500 HTTP/1.1\r\nHost: alpha.test\r\n\r\n"));
            assertEquals("200 slept 3500", readAnswer(in));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Status and body of one answer framed by Content-Length. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + head.size() + " bytes of an answer");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text.substring(9, 12) + " " + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /**
     * GETs, with a small POST (length-framed) and a chunked POST now and then. The body is
     * read inside the request's own future chain: chained after it from this (non Vert.x)
     * thread, the response can end before its body handler is set, and the answer is lost.
     */
    private Future<Integer> send(HttpClient client, int i) {
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(gateway.getPort(), gateway.getHost()))
                .setHost("alpha.test").setPort(80).setURI("/release/" + i);
        if (i % 10 == 3) {
            return client.request(options.setMethod(HttpMethod.POST))
                    .compose(request -> statusAfterBody(request.send("small body " + i)));
        }
        if (i % 10 == 7) {
            return client.request(options.setMethod(HttpMethod.POST))
                    .compose(request -> {
                        request.setChunked(true);
                        request.write("chunked ");
                        return statusAfterBody(request.send("body " + i));
                    });
        }
        return client.request(options).compose(request -> statusAfterBody(request.send()));
    }

    /**
     * Over HTTP/2 (one connection, its streams): GETs, with bodies that announce no length now
     * and then — streamed, empty (the stream ends with the headers), and a DELETE.
     */
    private Future<Integer> sendOverHttp2(HttpClient client, int i) {
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(gateway.getPort(), gateway.getHost()))
                .setHost("alpha.test").setPort(80).setURI("/release/h2/" + i);
        return switch (i % 10) {
            case 3 -> client.request(options.setMethod(HttpMethod.POST)).compose(request -> {
                request.setChunked(true);
                request.write("streamed ");
                // The upstream echoes what it read: the body went the unannounced way, whole.
                return request.send("body " + i).compose(response -> response.body().map(body -> body.toString()
                        .contains("\"body\":\"streamed body " + i + "\"") ? response.statusCode() : -1));
            });
            case 5 -> client.request(options.setMethod(HttpMethod.POST)).compose(request -> statusAfterBody(request.send()));
            case 7 -> client.request(options.setMethod(HttpMethod.DELETE)).compose(request -> statusAfterBody(request.send()));
            default -> client.request(options).compose(request -> statusAfterBody(request.send()));
        };
    }

    private static Future<Integer> statusAfterBody(Future<HttpClientResponse> answer) {
        return answer.compose(response -> response.body().map(body -> response.statusCode()));
    }

    private static void await(List<Future<Integer>> batch) throws Exception {
        for (Future<Integer> answer : batch) {
            assertEquals(200, answer.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        }
        batch.clear();
    }

    /**
     * The class histogram of HotSpot's diagnostic command runs a full GC first, so it counts
     * only objects still reachable. The same class may appear once per class loader.
     */
    static Map<String, Long> liveInstancesAfterFullGc() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        Map<String, Long> counts = new TreeMap<>();
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[0].endsWith(":") && PER_REQUEST.contains(columns[3])) {
                counts.merge(columns[3], Long.parseLong(columns[1]), Long::sum);
            }
        }
        return counts;
    }
}
