package io.tollgate.admin;

import java.util.List;

/**
 * One page of a listing, and the cursor of the next (null on the last page). A cursor is
 * opaque to clients: they pass it back as it came.
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }
}
