/**
 * Redis-backed browser sessions: the store, cookies, anonymous sessions and the watch that ends
 * sessions when an account changes.
 * <p>
 * May use {@code account}, {@code audit}, {@code crypto} and {@code guard}; never the web layers
 * above it.
 */
package io.tollgate.session;
