/**
 * The security event log.
 * <p>
 * A bottom package: uses no other Tollgate package.
 */
package io.tollgate.audit;
