/**
 * Non-interactive callers — scripts, monitoring, mobile apps, other services — who prove who
 * they are with a credential on each request instead of a browser session: JWT bearer tokens
 * from configured issuers, and AuthKeys (API keys of users and service accounts, revoked on
 * every replica through Redis). They are never asked for a TOTP code, and a credential that
 * does not verify is a 401, never a sign-in page.
 * <p>
 * May use {@code account} (key owners), {@code guard} (failed keys count against the network,
 * locked owners), {@code crypto} (a new key kept encrypted for its page), {@code store} and
 * {@code http}; used by {@code gate}, {@code proxy} and
 * {@code portal} (a user's own keys).
 */
package io.tollgate.caller;
