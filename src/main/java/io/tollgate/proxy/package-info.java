/**
 * The request path around the decision: request framing, reverse proxying with identity
 * headers, WebSocket tunnels, the forward-auth endpoints, and the gateway's own error answers.
 * Proxy mode and forward-auth mode both carry out the verdict of {@code gate}.
 * <p>
 * May use {@code gate}, {@code portal} (its configuration and links), {@code policy},
 * {@code session} and {@code http}; nothing below may use it.
 */
package io.tollgate.proxy;
