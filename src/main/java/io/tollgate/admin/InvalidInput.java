package io.tollgate.admin;

import java.util.List;
import java.util.Map;

/**
 * Input an administration operation refuses, field by field: the API answers 400 with them,
 * the console shows each beside its field. Messages never repeat a secret that was typed.
 */
public class InvalidInput extends RuntimeException {

    private final Map<String, String> fields;

    public InvalidInput(Map<String, String> fields) {
        super("invalid input: " + String.join(", ", fields.keySet()));
        this.fields = Map.copyOf(fields);
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(Map.of(field, message));
    }

    /** Field → what is wrong with it. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The fields in a stable order, for answers. */
    public List<String> fieldNames() {
        return fields.keySet().stream().sorted().toList();
    }
}
