package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.TestUpstream;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

/**
 * HTTP/2 frames a request's body itself, so a client need not announce its length (RFC 9113
 * §8.1.1): such a body must reach the upstream whole, never be dropped on the way.
 */
@QuarkusTest
class Http2RequestBodiesTest {

    @TestHTTPResource("/")
    URL gateway;

    private HttpClient client;

    @BeforeEach
    void connectOverHttp2() {
        // Prior knowledge: HTTP/2 from the first byte, as gRPC clients and proxies in front speak it.
        client = UpstreamTestResource.vertx().createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aBodyWithoutALengthReachesTheUpstreamWhole() throws Exception {
        Buffer body = TestUpstream.pattern(512 * 1024 + 17);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes());
        JsonObject answer = send(HttpMethod.POST, "/upload", request -> {
            // Streamed: the headers leave without a Content-Length (Vert.x's "chunked" is only
            // that on HTTP/2, which has no Transfer-Encoding).
            request.setChunked(true);
            request.write(body.slice(0, 1000));
            return request.send(body.slice(1000, body.length()));
        });
        assertEquals(body.length(), answer.getLong("bytes"));
        assertEquals(crc.getValue(), answer.getLong("crc32"));
    }

    @Test
    void aSmallBodyWithoutALengthIsForwardedChunkedAsTheUpstreamCanFrameIt() throws Exception {
        JsonObject echo = send(HttpMethod.PUT, "/echo", request -> {
            request.setChunked(true);
            request.write("hello ");
            return request.send("upstream");
        });
        assertEquals("hello upstream", echo.getString("body"));
        assertEquals("chunked", echo.getJsonObject("headers").getString("transfer-encoding"));
        assertNull(echo.getJsonObject("headers").getString("content-length"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "DELETE", "OPTIONS" })
    void aRequestThatEndsWithItsHeadersReachesTheUpstreamWithoutABody(String method) throws Exception {
        JsonObject echo = send(HttpMethod.valueOf(method), "/echo", HttpClientRequest::send);
        assertEquals(method, echo.getString("method"));
        assertEquals("", echo.getString("body"));
        assertNull(echo.getJsonObject("headers").getString("transfer-encoding"), "no body, so no chunks");
        // RFC 9110 §8.6: a POST says it has no body; a DELETE or an OPTIONS says nothing.
        assertEquals("POST".equals(method) ? "0" : null, echo.getJsonObject("headers").getString("content-length"));
    }

    @Test
    void anEmptyDataFrameBeforeTheEndIsNoBody() throws Exception {
        JsonObject echo = send(HttpMethod.POST, "/echo", request -> {
            request.setChunked(true);
            request.write(Buffer.buffer());
            return request.send();
        });
        assertEquals("", echo.getString("body"));
        assertNull(echo.getJsonObject("headers").getString("transfer-encoding"));
    }

    @Test
    void aBodyWithItsLengthKeepsItsLength() throws Exception {
        JsonObject echo = send(HttpMethod.PATCH, "/echo", request -> request.send("twelve bytes"));
        assertEquals("twelve bytes", echo.getString("body"));
        assertEquals("12", echo.getJsonObject("headers").getString("content-length"));
        assertNull(echo.getJsonObject("headers").getString("transfer-encoding"));
    }

    @Test
    void aGetStaysWithoutABody() throws Exception {
        JsonObject echo = send(HttpMethod.GET, "/echo", HttpClientRequest::send);
        assertEquals("", echo.getString("body"));
        assertNull(echo.getJsonObject("headers").getString("transfer-encoding"));
        assertNull(echo.getJsonObject("headers").getString("content-length"));
    }

    private JsonObject send(HttpMethod method, String uri,
            java.util.function.Function<HttpClientRequest, Future<HttpClientResponse>> sending) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(gateway.getPort(), gateway.getHost()))
                .setHost("alpha.test").setPort(80).setURI(uri);
        // The body is read inside the request's chain: chained after it from this thread, the
        // response could end before a body handler is set.
        Buffer answer = client.request(options)
                .compose(request -> sending.apply(request).compose(response -> {
                    assertEquals(HttpVersion.HTTP_2, response.version(), "spoken over HTTP/2");
                    assertEquals(200, response.statusCode());
                    return response.body();
                }))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertFalse(answer.length() == 0, "an answer from the upstream");
        return new JsonObject(answer);
    }
}
