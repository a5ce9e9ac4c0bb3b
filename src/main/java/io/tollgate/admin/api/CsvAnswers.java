package io.tollgate.admin.api;

import jakarta.ws.rs.core.Response;

/** A CSV export as a download. */
final class CsvAnswers {

    private CsvAnswers() {
    }

    static Response file(String csv, String name) {
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store").build();
    }
}
