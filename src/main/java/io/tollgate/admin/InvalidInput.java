package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input an administration operation refuses, field by field: the API answers 400 with them,
 * the console shows each beside its field, in the reader's language. Refusals never repeat a
 * secret that was typed.
 */
public class InvalidInput extends RuntimeException {

    private final Map<String, Refusal> refusals;

    public InvalidInput(Map<String, Refusal> refusals) {
        super("invalid input: " + String.join(", ", refusals.keySet()));
        this.refusals = Map.copyOf(refusals);
    }

    public static InvalidInput of(String field, Refusal.Reason reason, Object... values) {
        return new InvalidInput(Map.of(field, Refusal.of(reason, values)));
    }

    /** Field → why it is refused. */
    public Map<String, Refusal> refusals() {
        return refusals;
    }

    /** Field → why it is refused, in English words (the API's answer). */
    public Map<String, String> fields() {
        Map<String, String> words = new LinkedHashMap<>();
        fieldNames().forEach(field -> words.put(field, refusals.get(field).english()));
        return words;
    }

    /** The fields in a stable order, for answers. */
    public List<String> fieldNames() {
        return refusals.keySet().stream().sorted().toList();
    }
}
