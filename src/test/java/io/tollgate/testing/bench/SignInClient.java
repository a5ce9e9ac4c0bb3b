package io.tollgate.testing.bench;

import static io.tollgate.testing.bench.BenchUsers.encode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.testing.bench.BenchUsers.User;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;

/**
 * The sign-in pages as a browser goes through them, one step per method, against a gateway
 * with plain-http session cookies ({@code tollgate.session.secure=false}). Every step checks
 * where the gateway sent the user and throws when it is not where a valid sign-in leads.
 */
final class SignInClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern SESSION = Pattern.compile("tollgate_session=([^;]*)");

    /** A session and the token of the form last shown to it. */
    record Form(String cookie, String csrf) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    SignInClient(String base) {
        this.base = base;
    }

    /** The sign-in page: a new anonymous session and its form. */
    Form loginPage() throws Exception {
        HttpResponse<String> page = get("/.tollgate/login", null);
        return new Form(cookie(page, null), csrf(page));
    }

    /** The password step; the session it leads to, at the code step. */
    String password(User user, Form login) throws Exception {
        HttpResponse<String> answer = post("/.tollgate/login", login.cookie(), "csrf=" + encode(login.csrf())
                + "&username=" + encode(user.name()) + "&password=" + encode(BenchUsers.PASSWORD));
        if (!location(answer).contains("/totp")) {
            throw new IllegalStateException("the password step of " + user.name() + " answered " + answer.statusCode()
                    + " to " + location(answer));
        }
        return cookie(answer, login.cookie());
    }

    /** The code page of a session at the code step. */
    Form codePage(String cookie) throws Exception {
        return new Form(cookie, csrf(get("/.tollgate/totp", cookie)));
    }

    /** Sends the user's current code; the signed-in session. */
    String code(User user, Form codePage) throws Exception {
        String code = new Totp(HashAlgorithm.SHA1, user.secret(), 6, 30).codeAt(System.currentTimeMillis() / 1000);
        HttpResponse<String> answer = post("/.tollgate/totp", codePage.cookie(),
                "csrf=" + encode(codePage.csrf()) + "&code=" + code);
        if (answer.statusCode() != 303 || location(answer).contains("/totp")) {
            throw new IllegalStateException("the code step of " + user.name() + " answered " + answer.statusCode() + " "
                    + location(answer) + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
        }
        return cookie(answer, codePage.cookie());
    }

    /** Signs a session out through the sign-out page's form. */
    void logout(String cookie) throws Exception {
        HttpResponse<String> answer = post("/.tollgate/logout", cookie,
                "csrf=" + encode(csrf(get("/.tollgate/logout", cookie))));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("signing out answered " + answer.statusCode());
        }
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            request.header("Cookie", "tollgate_session=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", "tollgate_session=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> answer) {
        return answer.headers().firstValue("location").orElse("");
    }

    private static String cookie(HttpResponse<?> answer, String previous) {
        for (String set : answer.headers().allValues("set-cookie")) {
            Matcher m = SESSION.matcher(set);
            if (m.lookingAt() && !m.group(1).isEmpty()) {
                return m.group(1);
            }
        }
        return previous;
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no form token in a page answered " + page.statusCode());
        }
        return m.group(1);
    }
}
