/**
 * A user's TOTP credentials and recovery codes: creation, confirmation, verification, import of
 * secrets exported by other systems, rotation of their encryption; a new set of recovery codes
 * waits encrypted in Redis until its user has written it down.
 * <p>
 * May use {@code account}, {@code guard}, {@code totp}, {@code crypto} and {@code store}; never the web layers
 * above it.
 */
package io.tollgate.credential;
