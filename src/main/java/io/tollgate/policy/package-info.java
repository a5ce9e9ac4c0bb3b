/**
 * Who needs what: routes' policies refined by access rules, second-factor requirements from groups
 * and settings, trusted proxies and the client's address.
 * <p>
 * May use {@code http}; never the web layers above it.
 */
package io.tollgate.policy;
