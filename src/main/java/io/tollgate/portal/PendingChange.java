package io.tollgate.portal;

import java.util.ArrayList;
import java.util.List;

/**
 * A change waiting for the "confirm it is you" code: where its form posts (under the portal)
 * and the fields it sent, carried through the code form as hidden fields and sent again with
 * the code.
 */
public record PendingChange(String action, List<PendingChange.Field> fields) {

    public record Field(String name, String value) {
    }

    /** @param nameValues the change's own fields, name then value; null values are left out */
    public static PendingChange of(String action, String... nameValues) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                fields.add(new Field(nameValues[i], nameValues[i + 1]));
            }
        }
        return new PendingChange(action, List.copyOf(fields));
    }

    /** The same change with a field sent several times (checkboxes). */
    public PendingChange with(String name, List<String> values) {
        List<Field> all = new ArrayList<>(fields);
        if (values != null) {
            values.forEach(value -> all.add(new Field(name, value)));
        }
        return new PendingChange(action, List.copyOf(all));
    }
}
