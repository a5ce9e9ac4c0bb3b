package io.tollgate.admin.console;

import java.util.List;
import java.util.Map;

import io.quarkus.qute.TemplateData;
import io.tollgate.admin.UserDetail;

/** The audit page: the filters as typed, their errors, a page of events and the next page's link. */
@TemplateData
public record AuditView(String user, String type, String from, String to, List<String> types,
        List<UserDetail.Event> events, String nextPage, String csv, Map<String, String> errors) {
}
