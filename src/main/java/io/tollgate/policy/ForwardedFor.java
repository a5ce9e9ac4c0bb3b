package io.tollgate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the entries of X-Forwarded-For, which proxies write in many small variations. */
final class ForwardedFor {

    private ForwardedFor() {
    }

    /**
     * Every entry of every header value, in order, trimmed; empty list elements are skipped
     * as RFC 9110 list syntax allows.
     */
    static List<String> entries(List<String> headerValues) {
        List<String> entries = new ArrayList<>();
        if (headerValues == null) {
            return entries;
        }
        for (String value : headerValues) {
            if (value == null) {
                continue;
            }
            for (String entry : value.split(",", -1)) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty()) {
                    entries.add(trimmed);
                }
            }
        }
        return entries;
    }

    /**
     * The address of one entry without brackets or port: {@code 1.2.3.4:5678} and
     * {@code [2001:db8::1]:443} give {@code 1.2.3.4} and {@code 2001:db8::1}.
     *
     * @return empty when the entry is not an address literal (a name, {@code unknown}, garbage)
     */
    static Optional<String> address(String entry) {
        String address;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || !isPortSuffixOrNothing(entry.substring(close + 1))) {
                return Optional.empty();
            }
            address = entry.substring(1, close);
            if (address.indexOf(':') < 0) {
                return Optional.empty(); // brackets are for IPv6 only
            }
        } else {
            int colon = entry.indexOf(':');
            boolean ipv4WithPort = colon >= 0 && entry.indexOf(':', colon + 1) < 0;
            if (ipv4WithPort && !isPortSuffixOrNothing(entry.substring(colon))) {
                return Optional.empty();
            }
            address = ipv4WithPort ? entry.substring(0, colon) : entry;
        }
        return AddressLiteral.parse(address, true) == null ? Optional.empty() : Optional.of(address);
    }

    private static boolean isPortSuffixOrNothing(String suffix) {
        if (suffix.isEmpty()) {
            return true;
        }
        String port = suffix.substring(1);
        return suffix.charAt(0) == ':' && port.matches("[0-9]{1,5}") && Integer.parseInt(port) <= 65535;
    }
}
