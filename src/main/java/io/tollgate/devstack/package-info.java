/**
 * Development and test helpers: embedded PostgreSQL and Redis, a demo upstream and demo accounts
 * for {@code quarkus:dev}; none of it runs in production.
 * <p>
 * At the top: may use any package.
 */
package io.tollgate.devstack;
