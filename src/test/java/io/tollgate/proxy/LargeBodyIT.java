package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.tollgate.testing.OnEventLoop;
import io.tollgate.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

/**
 * Against the packaged jar, started with a 64 MiB heap and 64 MiB of direct memory
 * (see the failsafe configuration): 1 GiB each way only passes if bodies stream.
 */
@QuarkusIntegrationTest
class LargeBodyIT {

    private static final long ONE_GIB = 1L << 30;

    @TestHTTPResource("/")
    URL gateway;

    private final URL metrics = HeapSampler.metricsUrl();

    private static Vertx vertx;
    private HttpClient client;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theGatewayRunsWithTheSmallHeapThisTestRelieson() {
        String nativeImage = System.getProperty("native.image.path", "");
        Assumptions.assumeFalse(!nativeImage.isEmpty() && Files.exists(Path.of(nativeImage)),
                "a native image publishes no JVM heap pools");
        double maxHeap = HeapSampler.sum(metrics, "jvm_memory_max_bytes{area=\"heap\"");
        assertTrue(maxHeap > 0 && maxHeap <= 64 * 1024 * 1024, "max heap " + maxHeap);
    }

    @Test
    void oneGibUploadStreamsThroughTheGateway() throws Exception {
        client = vertx.createHttpClient();
        HeapSampler heap = HeapSampler.start(metrics);
        Buffer chunk = TestUpstream.pattern(TestUpstream.CHUNK);
        CRC32 expected = new CRC32();
        byte[] bytes = chunk.getBytes();
        for (long sent = 0; sent < ONE_GIB; sent += bytes.length) {
            expected.update(bytes);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        client.request(options("/upload").setMethod(HttpMethod.POST)).onSuccess(request -> {
            request.putHeader("content-length", Long.toString(ONE_GIB));
            request.response().compose(r -> r.body()).onSuccess(b -> answer.complete(new JsonObject(b)))
                    .onFailure(answer::completeExceptionally);
            pump(request, chunk, new long[] { 0 });
        }).onFailure(answer::completeExceptionally);

        JsonObject json = answer.get(5, TimeUnit.MINUTES);
        heap.stopAndReport("1 GiB upload");
        assertEquals(ONE_GIB, json.getLong("bytes"));
        assertEquals(expected.getValue(), json.getLong("crc32"));
        client.close();
    }

    @Test
    void oneGibDownloadStreamsThroughTheGateway() throws Exception {
        client = vertx.createHttpClient();
        HeapSampler heap = HeapSampler.start(metrics);
        CRC32 crc = new CRC32();
        long[] received = { 0 };
        CompletableFuture<Integer> done = new CompletableFuture<>();
        // On the event loop: a chunk that arrives before the handler is set is dropped.
        OnEventLoop.start(vertx, () -> client.request(options("/download?bytes=" + ONE_GIB))
                .compose(HttpClientRequest::send)
                .onSuccess(response -> {
                    response.handler(buffer -> {
                        received[0] += buffer.length();
                        crc.update(buffer.getBytes());
                    });
                    response.endHandler(v -> done.complete(response.statusCode()));
                    response.exceptionHandler(done::completeExceptionally);
                })
                .onFailure(done::completeExceptionally));

        assertEquals(200, done.get(5, TimeUnit.MINUTES));
        heap.stopAndReport("1 GiB download");
        assertEquals(ONE_GIB, received[0]);
        CRC32 expected = new CRC32();
        byte[] bytes = TestUpstream.pattern(TestUpstream.CHUNK).getBytes();
        for (long n = 0; n < ONE_GIB; n += bytes.length) {
            expected.update(bytes);
        }
        assertEquals(expected.getValue(), crc.getValue());
        client.close();
    }

    private void pump(HttpClientRequest request, Buffer chunk, long[] sent) {
        while (sent[0] < ONE_GIB && !request.writeQueueFull()) {
            request.write(chunk);
            sent[0] += chunk.length();
        }
        if (sent[0] >= ONE_GIB) {
            request.end();
        } else {
            request.drainHandler(v -> pump(request, chunk, sent));
        }
    }

    private RequestOptions options(String uri) {
        return new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(gateway.getPort(), gateway.getHost()))
                .setHost("alpha.test").setPort(80).setURI(uri);
    }
}
