package io.tollgate.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A browser without a browser: keeps its cookies, sends a Host header, never follows
 * redirects by itself, and reads the hidden fields of the forms it is shown.
 */
public final class PortalClient {

    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([0-9a-z]{4}-[0-9a-z]{4})</code></li>");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final String host;
    private final Map<String, String> cookies = new HashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private Response last;
    private Integer port;

    public PortalClient(String host) {
        this.host = host;
    }

    /** Sends every request to this port of the loopback (a proxy in front) instead of the gateway's. */
    public PortalClient via(int port) {
        this.port = port;
        return this;
    }

    public PortalClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** @param pathOrUrl already encoded, as in a Location header or a link */
    public Response get(String pathOrUrl) {
        return remember(spec().urlEncodingEnabled(false).get(pathOf(pathOrUrl)));
    }

    /** Posts a form with the hidden fields of the last page (csrf, rd...) plus the given ones. */
    public Response submit(String action, String... fields) {
        Map<String, String> form = new LinkedHashMap<>(hiddenFields());
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return post(action, form);
    }

    public Response post(String action, Map<String, String> form) {
        RequestSpecification spec = spec().contentType("application/x-www-form-urlencoded; charset=utf-8");
        form.forEach(spec::formParam);
        // The return address travels in the form's hidden rd field; the action's own query is not needed.
        String path = pathOf(action);
        return remember(spec.post(path.contains("?") ? path.substring(0, path.indexOf('?')) : path));
    }

    /** Follows 302/303 answers (on any host: only the path is used) until a page. */
    public Response follow(Response response) {
        Response current = response;
        for (int hops = 0; hops < 10 && (current.statusCode() == 302 || current.statusCode() == 303); hops++) {
            current = get(current.header("Location"));
        }
        return current;
    }

    public Map<String, String> hiddenFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (last != null) {
            Matcher m = HIDDEN.matcher(last.asString());
            while (m.find()) {
                fields.put(m.group(1), unescape(m.group(2)));
            }
        }
        return fields;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Sets a cookie as a browser would keep it; null or empty forgets it. */
    public void setCookie(String name, String value) {
        if (value == null || value.isEmpty()) {
            cookies.remove(name);
            return;
        }
        cookies.put(name, value);
    }

    /**
     * The same browser about to send its last form again (a double click, a second tab): its
     * session cookie and its last page, on a client of its own.
     */
    public PortalClient secondClick() {
        PortalClient twin = new PortalClient(host);
        twin.port = port;
        twin.setCookie("tollgate_session", cookie("tollgate_session"));
        twin.adopt(this);
        return twin;
    }

    /** Sends both forms at the same moment, from two threads, and gives both answers. */
    public static List<Response> atOnce(java.util.concurrent.Callable<Response> one,
            java.util.concurrent.Callable<Response> other) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Future<Response> a = pool.submit(() -> {
                go.await();
                return one.call();
            });
            java.util.concurrent.Future<Response> b = pool.submit(() -> {
                go.await();
                return other.call();
            });
            go.countDown();
            return List.of(a.get(), b.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Takes the other client's last page, to send its form as a second click would. */
    public void adopt(PortalClient other) {
        this.last = other.last;
    }

    public Response last() {
        return last;
    }

    private RequestSpecification spec() {
        RequestSpecification spec = given().redirects().follow(false).header("Host", host);
        if (port != null) {
            spec.baseUri("http://127.0.0.1").port(port);
        }
        headers.forEach(spec::header);
        if (!cookies.isEmpty()) {
            spec.cookies(cookies);
        }
        return spec;
    }

    private Response remember(Response response) {
        response.getDetailedCookies().asList().forEach(c -> {
            if (c.getMaxAge() == 0 || c.getValue().isEmpty()) {
                cookies.remove(c.getName());
            } else {
                cookies.put(c.getName(), c.getValue());
            }
        });
        last = response;
        return response;
    }

    private static String pathOf(String pathOrUrl) {
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            URI uri = URI.create(pathOrUrl);
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        return pathOrUrl;
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">");
    }

    private static final Pattern NEW_KEY = Pattern.compile("<code class=\"key\" id=\"new-key\">(tgk_[0-9A-Za-z]{50})</code>");

    /** Signs in with the password alone (the user must need no code) and makes an AuthKey on the account page. */
    public String newAuthKey(String username, String password) {
        Response signedIn = signIn(username, password);
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        assertEquals(200, get("/.tollgate/account/keys/new").statusCode());
        Response created = follow(submit("/.tollgate/account/keys/new", "name", "made-by-a-test", "validity", "30"));
        Matcher shown = NEW_KEY.matcher(created.asString());
        assertTrue(shown.find(), created.asString());
        return shown.group(1);
    }

    /** Opens the login page and sends the password; answers the 303 that says what comes next. */
    public Response signIn(String username, String password) {
        get("/.tollgate/login");
        return submit("/.tollgate/login", "username", username, "password", password);
    }

    /** Enrolls an authenticator from the enrollment page (the session must allow it). */
    public Authenticator enroll() {
        Response page = get("/.tollgate/enroll");
        if (page.statusCode() != 200) {
            throw new AssertionError("enrollment page not shown: " + page.statusCode() + " " + page.header("Location"));
        }
        Authenticator app = Authenticator.scan(page.asString());
        Response done = submit("/.tollgate/enroll", "name", "phone", "code", app.code());
        if (done.statusCode() != 303) {
            throw new AssertionError("enrollment refused: " + done.statusCode());
        }
        follow(done); // the recovery codes, when a first authenticator made a set, are the last page
        return app;
    }

    public void logout() {
        get("/.tollgate/logout");
        submit("/.tollgate/logout");
    }

    /** Answers the code page (after {@link #signIn}); extra fields such as trust=on may follow. */
    public Response code(String code, String... more) {
        get("/.tollgate/totp");
        String[] fields = new String[2 + more.length];
        fields[0] = "code";
        fields[1] = code;
        System.arraycopy(more, 0, fields, 2, more.length);
        return submit("/.tollgate/totp", fields);
    }

    /** The recovery codes a page shows, in order. */
    public static List<String> recoveryCodes(String page) {
        List<String> codes = new ArrayList<>();
        Matcher m = RECOVERY_CODE.matcher(page);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
