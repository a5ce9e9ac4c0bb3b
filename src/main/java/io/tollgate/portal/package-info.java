/**
 * The portal's pages and JAX-RS resources: sign-in, TOTP, enrollment, recovery codes, renewal and
 * account self-service, with their views and messages.
 * <p>
 * May use {@code signin}, {@code policy}, {@code session}, {@code credential}, {@code device}, {@code guard},
 * {@code account}, {@code totp}, {@code crypto}, {@code audit} and {@code http}; never
 * {@code proxy}, which hands it the routes' hosts through
 * {@link io.tollgate.portal.ApplicationHosts}.
 */
package io.tollgate.portal;
