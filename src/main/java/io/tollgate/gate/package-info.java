/**
 * The one decision on each request's fate — route, access rules, caller, session, policy → allow
 * with an identity, sign in, 401, 403, 400 — taken on plain request facts, so that the reverse
 * proxy and the forward-auth endpoints ask the same question and can never disagree.
 * <p>
 * Owns the routes and the screening of request targets. May use {@code portal} (its links and
 * return-address rule), {@code caller}, {@code policy}, {@code session} and {@code http}; only
 * {@code proxy} uses it.
 */
package io.tollgate.gate;
