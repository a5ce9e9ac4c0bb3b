package io.tollgate.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** English texts of the portal pages; other languages in messages/msg_LANG.properties. */
@MessageBundle(value = "msg", locale = "en")
public interface PortalMessages {

    @Message("Tollgate")
    String productName();

    @Message("Malformed address")
    String badRequestTitle();

    @Message("The address of this request is not valid. Check the link you followed.")
    String badRequestDetail();

    @Message("Sign-in required")
    String unauthorizedTitle();

    @Message("This page needs you to sign in.")
    String unauthorizedDetail();

    @Message("Access denied")
    String forbiddenTitle();

    @Message("Access to this address is not allowed.")
    String forbiddenDetail();

    @Message("Page not found")
    String notFoundTitle();

    @Message("No application is configured at this address.")
    String notFoundDetail();

    @Message("Application unavailable")
    String badGatewayTitle();

    @Message("The application behind this address cannot be reached right now. Try again in a moment.")
    String badGatewayDetail();

    @Message("Application too slow")
    String gatewayTimeoutTitle();

    @Message("The application behind this address did not answer in time. Try again in a moment.")
    String gatewayTimeoutDetail();

    @Message("Error {status}")
    String errorCode(int status);
}
