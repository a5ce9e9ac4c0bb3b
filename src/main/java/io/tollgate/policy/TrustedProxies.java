package io.tollgate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The proxies in front of the gateway whose X-Forwarded-For may be believed. Anyone can
 * write that header, so only the hops added by trusted proxies count: the client is the
 * rightmost address that no trusted proxy vouches for.
 */
public final class TrustedProxies {

    private final List<Cidr> networks;

    private TrustedProxies(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * @param networks CIDR networks or addresses; an empty list trusts nobody
     * @throws IllegalArgumentException naming every entry that is not a network
     */
    public static TrustedProxies of(List<String> networks) {
        List<Cidr> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String network : networks) {
            try {
                parsed.add(Cidr.parse(network));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new TrustedProxies(parsed);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    public List<Cidr> networks() {
        return networks;
    }

    /** @return false for anything that is not an address literal */
    public boolean trusts(String address) {
        Optional<byte[]> bytes = Cidr.parseAddress(address);
        return bytes.isPresent() && trusts(bytes.get());
    }

    private boolean trusts(byte[] address) {
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Walks X-Forwarded-For from right to left past trusted proxies. If every entry is
     * trusted the leftmost is the client; at an entry that is not an address the walk stops
     * and the last address seen is the answer, since nothing further left can be vouched for.
     *
     * @param peerAddress the address of the direct connection, returned as is when not trusted
     * @param xForwardedForHeaderValues every X-Forwarded-For value of the request, in order
     */
    public String clientAddress(String peerAddress, List<String> xForwardedForHeaderValues) {
        Objects.requireNonNull(peerAddress, "peerAddress");
        if (!trusts(peerAddress)) {
            return peerAddress;
        }
        List<String> entries = ForwardedFor.entries(xForwardedForHeaderValues);
        String lastSeen = peerAddress;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Optional<String> address = ForwardedFor.address(entries.get(i));
            if (address.isEmpty()) {
                return lastSeen;
            }
            if (!trusts(address.get())) {
                return address.get();
            }
            lastSeen = address.get();
        }
        return lastSeen;
    }

    @Override
    public String toString() {
        return networks.isEmpty() ? "nobody" : networks.toString();
    }
}
