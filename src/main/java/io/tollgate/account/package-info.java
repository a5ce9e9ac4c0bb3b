/**
 * Users, groups and password hashing (Argon2id on a worker pool), and the bootstrap administrator.
 * <p>
 * Uses no other Tollgate package.
 */
package io.tollgate.account;
