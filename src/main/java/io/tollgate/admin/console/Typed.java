package io.tollgate.admin.console;

/** What a form or query field holds, as typed. */
final class Typed {

    private Typed() {
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
