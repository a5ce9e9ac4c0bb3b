/**
 * Non-interactive callers — scripts, monitoring, mobile apps, other services — who prove who
 * they are with a credential on each request instead of a browser session: JWT bearer tokens
 * from configured issuers (and, next, AuthKeys). They are never asked for a TOTP code, and a
 * credential that does not verify is a 401, never a sign-in page.
 * <p>
 * May use {@code store} and {@code http}; used by {@code gate}.
 */
package io.tollgate.caller;
