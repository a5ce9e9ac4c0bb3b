package io.tollgate.testing.bench;

import java.util.List;
import java.util.Map;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The reference the fast path is measured against in {@code bench/proxy.sh}: the least a
 * Vert.x server can do to forward a request with the Vert.x HTTP client, and nothing of a
 * gateway (no routing, no decision, no header screening beyond hop-by-hop headers, no
 * metrics). One server and one client per event loop, as many loops as Quarkus would use
 * (twice the cores). Arguments: listening port, upstream port.
 */
public final class BareForwarder extends AbstractVerticle {

    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "te", "trailer", "proxy-connection", "host");

    private final int port;
    private final int upstreamPort;
    private HttpClient client;

    private BareForwarder(int port, int upstreamPort) {
        this.port = port;
        this.upstreamPort = upstreamPort;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new BareForwarder(port, upstreamPort), new DeploymentOptions().setInstances(loops))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(64));
        vertx.createHttpServer().requestHandler(this::forward).listen(port, "127.0.0.1");
    }

    private void forward(HttpServerRequest incoming) {
        incoming.pause();
        client.request(new RequestOptions().setHost("127.0.0.1").setPort(upstreamPort)
                .setMethod(incoming.method()).setURI(incoming.uri())).onComplete(opened -> {
                    if (opened.failed()) {
                        incoming.resume();
                        incoming.response().setStatusCode(502).end();
                        return;
                    }
                    var request = opened.result();
                    copy(incoming.headers(), request.headers());
                    request.response().onComplete(answered -> {
                        HttpServerResponse out = incoming.response();
                        if (answered.failed()) {
                            out.setStatusCode(502).end();
                            return;
                        }
                        var response = answered.result();
                        out.setStatusCode(response.statusCode());
                        copy(response.headers(), out.headers());
                        if (!out.headers().contains("content-length")) {
                            out.setChunked(true);
                        }
                        response.pipeTo(out);
                    });
                    String length = incoming.getHeader("content-length");
                    if (length == null && !incoming.headers().contains("transfer-encoding")) {
                        request.end();
                        incoming.resume();
                    } else {
                        request.setChunked(length == null);
                        incoming.pipeTo(request);
                    }
                });
    }

    private static boolean isHopByHop(String name) {
        for (String hopByHop : HOP_BY_HOP) {
            if (hopByHop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static void copy(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> header : from) {
            if (!isHopByHop(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }
}
