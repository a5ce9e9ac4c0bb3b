/**
 * The request path: routes, request screening (framing, targets), the one place that decides each
 * request's fate, reverse proxying with identity headers, WebSocket tunnels, and the gateway's own
 * error answers.
 * <p>
 * May use {@code portal} (its configuration, links and the hosts it hands over), {@code policy},
 * {@code session} and {@code http}; nothing below may use it.
 */
package io.tollgate.proxy;
