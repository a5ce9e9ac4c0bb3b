/**
 * Small HTTP notions shared by the gateway and the portal: host patterns, path prefixes, the page
 * language, text from the network made safe for logs.
 * <p>
 * A leaf: uses no other Tollgate package.
 */
package io.tollgate.http;
