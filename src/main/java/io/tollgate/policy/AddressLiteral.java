package io.tollgate.policy;

import java.util.Arrays;

/**
 * IPv4 and IPv6 address literals, parsed by hand: {@code InetAddress.getByName} would send
 * anything that is not a literal to DNS, and header values come from clients.
 */
final class AddressLiteral {

    /** Longest IPv6 text: eight groups with an embedded dotted quad. */
    private static final int MAX_IPV6_LENGTH = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".length();

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private AddressLiteral() {
    }

    /**
     * @param allowZone whether an IPv6 zone ({@code fe80::1%eth0}) is accepted; it is ignored
     * @return 4 or 16 bytes as written (a mapped IPv4 address stays 16 bytes), or null
     */
    static byte[] parse(String text, boolean allowZone) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            if (!allowZone || !isZoneId(text.substring(zone + 1))) {
                return null;
            }
            text = text.substring(0, zone);
        }
        return parseIpv6(text);
    }

    /** An IPv4-mapped IPv6 address becomes its 4 IPv4 bytes, so both spellings compare equal. */
    static byte[] canonical(byte[] address) {
        return isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
    }

    static boolean isIpv4Mapped(byte[] address) {
        return address.length == 16 && Arrays.equals(address, 0, 12, IPV4_MAPPED_PREFIX, 0, 12);
    }

    /** Dotted quad, or RFC 5952 text (lower case, longest run of zero groups as ::). */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; i++) {
            int run = 0;
            while (i + run < 8 && groups[i + run] == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = i;
                bestLength = run;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** Exactly four decimal parts of 0..255; leading zeros are refused, some parsers read them as octal. */
    /** Four decimal parts of one to three digits, no leading zero, at most 255; read in one pass (once per request). */
    private static byte[] parseIpv4(String text) {
        byte[] address = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                address[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? address : null;
    }

    private static byte[] parseIpv6(String text) {
        if (text.length() > MAX_IPV6_LENGTH) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        // A dotted quad may only end the address, so it belongs to the part after :: if there is one.
        int[] head = parseGroups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : parseGroups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] address = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(address, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(address, 8 - tail.length + i, tail[i]);
        }
        return address;
    }

    /** @return the 16-bit groups of a colon-separated part, a final dotted quad counting as two */
    private static int[] parseGroups(String part, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        String last = pieces[pieces.length - 1];
        boolean endsWithIpv4 = last.indexOf('.') >= 0;
        if (endsWithIpv4 && !mayEndWithIpv4) {
            return null;
        }
        int[] groups = new int[pieces.length + (endsWithIpv4 ? 1 : 0)];
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (endsWithIpv4 && i == pieces.length - 1) {
                byte[] ipv4 = parseIpv4(piece);
                if (ipv4 == null) {
                    return null;
                }
                groups[i] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
                groups[i + 1] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
            } else {
                if (piece.isEmpty() || piece.length() > 4 || !allAsciiHexDigits(piece)) {
                    return null;
                }
                groups[i] = Integer.parseInt(piece, 16);
            }
        }
        return groups;
    }

    private static void putGroup(byte[] address, int index, int group) {
        address[2 * index] = (byte) (group >>> 8);
        address[2 * index + 1] = (byte) group;
    }

    private static boolean isZoneId(String zone) {
        if (zone.isEmpty()) {
            return false;
        }
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            if (!(isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allAsciiHexDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
