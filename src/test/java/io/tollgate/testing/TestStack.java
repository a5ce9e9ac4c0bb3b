package io.tollgate.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Declares the test resources every Quarkus test shares (global scope), so that one
 * application start serves all test classes.
 */
@WithTestResource(value = StoresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestStack {

    private TestStack() {
    }
}
