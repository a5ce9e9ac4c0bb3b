package io.tollgate.guard;

import java.util.Arrays;

import io.netty.util.NetUtil;

/**
 * Which client an address counts as: its network under the configured prefix lengths, so that
 * one IPv6 site (a /64, with countless addresses) is one client, like one IPv4 address. The
 * address is parsed as a literal only, never looked up; a mapped IPv4 address counts as IPv4.
 */
record AddressPrefixes(int ipv4, int ipv6) {

    private static final int MAX_UNPARSED = 64;

    /** {@code 203.0.113.7} (a full-length prefix keeps the plain address), {@code 2001:db8:1:2::/64}. */
    String of(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address.trim());
        if (bytes == null) {
            // Not an address ("unknown" without a peer): counted as it is, within reason.
            String text = address == null || address.isBlank() ? "unknown" : address.trim();
            return text.length() > MAX_UNPARSED ? text.substring(0, MAX_UNPARSED) : text;
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        int prefix = bytes.length == 4 ? ipv4 : ipv6;
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        String network = NetUtil.bytesToIpAddress(bytes);
        return prefix == bytes.length * 8 ? network : network + "/" + prefix;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
