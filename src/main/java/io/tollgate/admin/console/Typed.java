package io.tollgate.admin.console;

/** What a form or query field holds, as typed. */
final class Typed {

    private Typed() {
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Comma-separated names, trimmed, empty ones left out (a trailing comma is no name). */
    static java.util.List<String> names(String typed) {
        return java.util.Arrays.stream((typed == null ? "" : typed).split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList();
    }
}
