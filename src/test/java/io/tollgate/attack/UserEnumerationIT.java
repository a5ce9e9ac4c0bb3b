package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;

/**
 * Nothing the sign-in page answers tells whether a username exists: a wrong password for a
 * real user, a disabled user, a service account, and any password for a name nobody has get
 * the same status, the same page (but for the name typed back and the form's token), the same
 * headers, the same lock after the same number of failures, and answers of the same timing
 * class — each is a full password hash.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class UserEnumerationIT {

    private static final String PASSWORD = "the real password, long enough";
    private static ProductionGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = ProductionGateway.start(1);
        gateway.user("uma", PASSWORD);
        gateway.user("victor", PASSWORD);
        long disabled = gateway.user("walter", PASSWORD);
        assertEquals(200, gateway.api("POST", "/users/" + disabled + "/disable", null).statusCode());
        assertEquals(201, gateway.api("POST", "/users", "{\"username\": \"robot\", \"serviceAccount\": true}").statusCode());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The sign-in answer with what legitimately differs taken out: the name typed back, the form's token. */
    private record Seen(int status, String page, TreeSet<String> headerNames) {
    }

    private static Seen attempt(String username, String password) {
        PortalClient browser = gateway.browser();
        browser.get("/.tollgate/login");
        Response answer = browser.submit("/.tollgate/login", "username", username, "password", password);
        TreeSet<String> names = new TreeSet<>();
        answer.getHeaders().forEach(h -> names.add(h.getName().toLowerCase(Locale.ROOT)));
        String page = answer.asString().replace(username, "NAME")
                .replaceAll("name=\"csrf\" value=\"[^\"]*\"", "name=\"csrf\" value=\"TOKEN\"")
                .replaceAll("until [0-9:]+ UTC: try again in [0-9]+ minute\\(s\\)", "until T");
        return new Seen(answer.statusCode(), page, names);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aWrongPasswordADisabledUserAServiceAccountAndNobodyGetTheSameAnswer() {
        Seen real = attempt("uma", "not the password");
        assertEquals(401, real.status());
        for (String other : List.of("walter", "robot", "nobody-at-all", "UMA-but-not")) {
            Seen seen = attempt(other, other.equals("walter") ? PASSWORD : "not the password");
            assertEquals(real.status(), seen.status(), other);
            assertEquals(real.headerNames(), seen.headerNames(), other);
            assertEquals(real.page(), seen.page(), other);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aRealUserAndANameNobodyHasAreLockedAfterTheSameFailuresWithTheSameAnswer() {
        List<Seen> real = new ArrayList<>();
        List<Seen> nobody = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            real.add(attempt("victor", "wrong " + i));
            nobody.add(attempt("nobody-victor", "wrong " + i));
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(real.get(i).status(), nobody.get(i).status(), "attempt " + i);
            assertEquals(real.get(i).page(), nobody.get(i).page(), "attempt " + i);
            assertEquals(real.get(i).headerNames(), nobody.get(i).headerNames(), "attempt " + i);
        }
        assertEquals(429, real.get(5).status(), "locked after five failures");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aRealUsersWrongPasswordAndANameNobodyHasTakeTheSameTimeClass() throws Exception {
        // Last: twelve failures of one user need a higher limit than a lock allows.
        assertEquals(200, gateway.api("PATCH", "/policy", "{\"maxAttempts\": 100}").statusCode());
        gateway.user("tina", PASSWORD);
        // Interleaved, so that the machine's own ups and downs fall on both alike.
        List<Long> real = new ArrayList<>();
        List<Long> nobody = new ArrayList<>();
        timed("tina", "warm up");
        for (int i = 0; i < 12; i++) {
            real.add(timed("tina", "wrong " + i));
            nobody.add(timed("nobody-" + i, "wrong " + i));
        }
        long realMedian = median(real);
        long nobodyMedian = median(nobody);
        String figures = "median real " + realMedian / 1000 + " µs, nobody " + nobodyMedian / 1000 + " µs";
        System.out.println("Sign-in answer times: " + figures);
        // Both hash: neither answers in a fraction of the other's time.
        assertTrue(nobodyMedian * 2 > realMedian && realMedian * 2 > nobodyMedian, figures);
    }

    private static long timed(String username, String password) {
        PortalClient browser = gateway.browser();
        browser.get("/.tollgate/login");
        long start = System.nanoTime();
        Response answer = browser.submit("/.tollgate/login", "username", username, "password", password);
        long took = System.nanoTime() - start;
        assertEquals(401, answer.statusCode(), username);
        return took;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
