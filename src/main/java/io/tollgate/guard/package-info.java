/**
 * The Redis replay guard and attempt limiter: one use per code, lockouts, per-network throttling.
 * <p>
 * May use {@code totp}; never the web layers above it.
 */
package io.tollgate.guard;
