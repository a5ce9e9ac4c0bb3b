/**
 * The sign-in steps, one per file: the password, a TOTP code, a recovery code, a trusted
 * browser, enrollment, logout. They take plain values (a {@link io.tollgate.signin.Client},
 * the session, the typed text) and answer a {@link io.tollgate.signin.SignInResult}; the
 * portal's resources only translate HTTP to these calls and back.
 * <p>
 * May use {@code policy}, {@code session}, {@code credential}, {@code device}, {@code guard},
 * {@code account}, {@code totp}, {@code crypto}, {@code audit} and {@code http}; never
 * {@code portal}, {@code proxy} or a web type.
 */
package io.tollgate.signin;
