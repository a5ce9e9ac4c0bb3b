/**
 * A user's TOTP credentials and recovery codes: creation, confirmation, verification, import of
 * secrets exported by other systems, rotation of their encryption.
 * <p>
 * May use {@code account}, {@code guard}, {@code totp} and {@code crypto}; never the web layers
 * above it.
 */
package io.tollgate.credential;
