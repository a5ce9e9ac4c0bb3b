package io.tollgate.devstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The application behind the gateway in dev mode: a page showing the request it received
 * and the identity headers the gateway added.
 */
public final class DemoUpstream {

    private static final List<String> SHOWN_PREFIXES = List.of("remote-", "x-forwarded-");

    private DemoUpstream() {
    }

    public static HttpServer start(Vertx vertx, int port) {
        return vertx.createHttpServer()
                .requestHandler(DemoUpstream::answer)
                .listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
    }

    private static void answer(HttpServerRequest request) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (SHOWN_PREFIXES.stream().anyMatch(name::startsWith)) {
                rows.append("<tr><th>").append(escape(header.getKey())).append("</th><td>")
                        .append(escape(header.getValue())).append("</td></tr>\n");
            }
        }
        if (rows.length() == 0) {
            rows.append("<tr><td colspan=2>No identity or forwarding header reached this application.</td></tr>");
        }
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Demo application</title><link rel="icon" href="data:,">
                <style>body{font-family:system-ui,sans-serif;margin:3rem;color:#1d2330}
                table{border-collapse:collapse}th,td{border:1px solid #ccd;padding:.3rem .7rem;text-align:left}</style>
                </head><body>
                <h1>Demo application behind Tollgate</h1>
                <p>%s <code>%s</code></p>
                <h2>Headers the gateway sent</h2>
                <table>%s</table>
                </body></html>
                """.formatted(escape(request.method().name()), escape(request.uri()), rows);
        request.response().putHeader("content-type", "text/html; charset=utf-8").end(page);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
