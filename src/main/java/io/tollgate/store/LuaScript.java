package io.tollgate.store;

/** A Lua script for Redis and its SHA-1, computed once, by which Redis knows it (EVALSHA). */
public record LuaScript(String source, String sha) {

    public LuaScript(String source) {
        this(source, Digests.sha1Hex(source));
    }
}
