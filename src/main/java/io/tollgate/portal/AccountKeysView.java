package io.tollgate.portal;

import java.util.List;

import io.quarkus.qute.TemplateData;
import io.tollgate.caller.KeysToShow;

/**
 * The new-key form: what was typed, the choices, any field errors, and the form's own id
 * ({@link io.tollgate.caller.KeysToShow}), new at each showing.
 */
@TemplateData
public record AccountKeysView(String name, String validity, List<String> chosenRoutes, List<String> routes,
        String nameError, String routesError, String form) {

    static AccountKeysView empty(List<String> routes) {
        return new AccountKeysView("", "90", List.of(), routes, null, null, KeysToShow.newFormId());
    }

    public List<String> validities() {
        return AccountKeys.VALIDITIES;
    }

    public boolean chosen(String route) {
        return chosenRoutes.contains(route);
    }
}
