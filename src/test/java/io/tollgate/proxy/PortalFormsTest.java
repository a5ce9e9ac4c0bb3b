package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.buffer.Buffer;

/** The check a sign-in form's body passes before the portal's parser reads it. */
class PortalFormsTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "username=alice&password=p%40ss+word", "name=Jos%C3%A9&code=123456",
        "rd=%2Faccount%3Fx%3D1", "a=&b=", "emoji=%F0%9F%94%91", "x=%27%20OR%201%3D1--" })
    void aWellFormedUtf8FormPasses(String body) {
        assertNull(PortalForms.screenBody(Buffer.buffer(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "username=%", "username=%4", "username=%zz", "a=%00", "a=x%00y", "%00=a", "a=%FF%FE",
        "a=%C3%28", "a=%C0%AF", "a=%ED%A0%80", "a=%F4%90%80%80", "a=ok&b=%E2%82" })
    void aBrokenEscapeInvalidUtf8OrANulIsRefused(String body) {
        assertEquals(GatewayProblem.FORM_MALFORMED, PortalForms.screenBody(Buffer.buffer(body)));
    }

    @org.junit.jupiter.api.Test
    void aThousandFieldsPassAndOneMoreIsRefused() {
        assertNull(PortalForms.screenBody(Buffer.buffer("a=1&".repeat(999) + "b=2")));
        assertEquals(GatewayProblem.FORM_MALFORMED, PortalForms.screenBody(Buffer.buffer("a=1&".repeat(1000) + "b=2")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a=\u00e9" })
    void rawBytesThatAreNotUtf8AreRefused(String latin1) {
        assertEquals(GatewayProblem.FORM_MALFORMED,
                PortalForms.screenBody(Buffer.buffer(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))));
    }
}
