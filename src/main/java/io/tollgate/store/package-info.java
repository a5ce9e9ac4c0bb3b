/**
 * What every package needs to call PostgreSQL and Redis the same way: one kind of "store
 * unavailable" failure decided where a store is called, database sessions that report it,
 * Redis calls bounded in time with their Lua scripts, and hex digests.
 * <p>
 * A leaf: uses no other Tollgate package.
 */
package io.tollgate.store;
