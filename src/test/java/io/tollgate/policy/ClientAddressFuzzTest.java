package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * X-Forwarded-For as anyone may write it, behind a trusted proxy and not: the client address
 * the gateway settles on is always the direct peer or an address literal, never text taken
 * from a header; an untrusted peer's headers are never read; nothing escapes.
 */
class ClientAddressFuzzTest {

    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32"));

    @FuzzTest(maxDuration = "10s")
    void theClientAddressIsThePeerOrAnAddressNeverHeaderText(FuzzedDataProvider data) {
        String peer = data.pickValue(List.of("10.1.2.3", "203.0.113.9", "2001:db8::7", "::1"));
        List<String> values = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            values.add(data.consumeString(200));
        }
        String client = PROXIES.clientAddress(peer, values);
        if (!PROXIES.trusts(peer)) {
            assertEquals(peer, client, "an untrusted peer's X-Forwarded-For is not read");
        }
        assertTrue(client.equals(peer) || Cidr.parseAddress(client).isPresent(), client);
    }
}
