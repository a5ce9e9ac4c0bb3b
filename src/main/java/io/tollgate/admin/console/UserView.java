package io.tollgate.admin.console;

import io.quarkus.qute.TemplateData;
import io.tollgate.admin.UserDetail;

/** One user's page, with the outcome of the action just done or refused. */
@TemplateData
public record UserView(UserDetail detail, String notice, String error, boolean self) {
}
