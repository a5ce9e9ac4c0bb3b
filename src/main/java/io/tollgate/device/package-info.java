/**
 * Trusted devices: the cookie that lets a browser skip the code, its tokens and their limits.
 * <p>
 * May use {@code policy} and {@code session}; never the web layers above it.
 */
package io.tollgate.device;
