package io.tollgate.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare
 * address is a network of one. Addresses are compared in their canonical family: an
 * IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is the IPv4 address, so it falls in
 * IPv4 networks and not in IPv6 ones such as {@code ::/0}.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Host bits beyond the prefix are cleared ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
     *
     * @throws IllegalArgumentException quoting the value when it is not a network
     */
    public static Cidr parse(String value) {
        String text = value == null ? "" : value.trim();
        int slash = text.indexOf('/');
        byte[] address = AddressLiteral.parse(slash < 0 ? text : text.substring(0, slash), false);
        if (address == null) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 network (CIDR)");
        }
        int maxLength = address.length * 8;
        int prefixLength = maxLength;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > maxLength) {
                throw new IllegalArgumentException("'" + value + "' needs a prefix length between 0 and "
                        + maxLength + " after the /");
            }
            prefixLength = Integer.parseInt(length);
        }
        if (AddressLiteral.isIpv4Mapped(address) && prefixLength >= 96) {
            address = AddressLiteral.canonical(address);
            prefixLength -= 96;
        }
        return new Cidr(masked(address, prefixLength), prefixLength);
    }

    /**
     * Parses an address literal without any DNS lookup; a zone ({@code %eth0}) is ignored.
     *
     * @return 4 bytes for IPv4 and IPv4-mapped IPv6, 16 for other IPv6, empty if not a literal
     */
    public static Optional<byte[]> parseAddress(String literal) {
        byte[] address = AddressLiteral.parse(literal, true);
        return address == null ? Optional.empty() : Optional.of(AddressLiteral.canonical(address));
    }

    /** @return false for anything that is not an address literal, never an exception */
    public boolean contains(String address) {
        byte[] bytes = AddressLiteral.parse(address, true);
        return bytes != null && contains(AddressLiteral.canonical(bytes));
    }

    /** @param address canonical bytes, as from {@link #parseAddress} */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int wholeBytes = prefixLength / 8;
        if (!Arrays.equals(address, 0, wholeBytes, network, 0, wholeBytes)) {
            return false;
        }
        int remainingBits = prefixLength % 8;
        return remainingBits == 0
                || (address[wholeBytes] & leadingBits(remainingBits)) == (network[wholeBytes] & 0xff);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static byte[] masked(byte[] address, int prefixLength) {
        byte[] result = new byte[address.length];
        int wholeBytes = prefixLength / 8;
        System.arraycopy(address, 0, result, 0, wholeBytes);
        if (prefixLength % 8 != 0) {
            result[wholeBytes] = (byte) (address[wholeBytes] & leadingBits(prefixLength % 8));
        }
        return result;
    }

    /** A byte mask with the top {@code count} bits set. */
    private static int leadingBits(int count) {
        return (0xff << (8 - count)) & 0xff;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefixLength == cidr.prefixLength
                && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** The network address and prefix length, as in {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return AddressLiteral.format(network) + "/" + prefixLength;
    }
}
