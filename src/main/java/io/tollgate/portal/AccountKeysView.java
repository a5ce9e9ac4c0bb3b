package io.tollgate.portal;

import java.util.List;

import io.quarkus.qute.TemplateData;

/** The new-key form: what was typed, the choices, and any field errors. */
@TemplateData
public record AccountKeysView(String name, String validity, List<String> chosenRoutes, List<String> routes,
        String nameError, String routesError) {

    static AccountKeysView empty(List<String> routes) {
        return new AccountKeysView("", "90", List.of(), routes, null, null);
    }

    public List<String> validities() {
        return AccountKeys.VALIDITIES;
    }

    public boolean chosen(String route) {
        return chosenRoutes.contains(route);
    }
}
