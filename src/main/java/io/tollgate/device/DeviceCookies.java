package io.tollgate.device;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import io.tollgate.session.SessionCookies;

/** The cookie {@code tollgate_device}: like the session cookie, but lasting as long as the trust. */
@ApplicationScoped
public class DeviceCookies {

    public static final String NAME = "tollgate_device";

    private final SessionCookies cookies;

    public DeviceCookies(SessionCookies cookies) {
        this.cookies = cookies;
    }

    public NewCookie issue(String token, Duration validity) {
        return cookies.builder(NAME, token).maxAge((int) Math.min(Integer.MAX_VALUE, validity.toSeconds())).build();
    }

    public NewCookie clear() {
        return cookies.builder(NAME, "").maxAge(0).build();
    }
}
