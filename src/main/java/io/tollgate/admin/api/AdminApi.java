package io.tollgate.admin.api;

import io.tollgate.portal.PortalConfig;

/** Where the admin API lives. */
final class AdminApi {

    /** Under the portal's internal prefix, which no application route can take. */
    static final String PATH = PortalConfig.INTERNAL_PREFIX + "/api/admin/v1";
    /** The same under the portal's public prefix, for the addresses the API answers with. */
    static final String RELATIVE = "/api/admin/v1";
    /** Every path that is, or could be read as, the API's. */
    static final String FAMILY = PortalConfig.INTERNAL_PREFIX + "/api/admin";

    private AdminApi() {
    }
}
