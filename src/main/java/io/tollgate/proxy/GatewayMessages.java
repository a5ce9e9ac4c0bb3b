package io.tollgate.proxy;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Texts of the gateway's own answers (400 to 504), in English; French in {@code messages/gw_fr.properties}. */
@MessageBundle(value = "gw", locale = "en")
public interface GatewayMessages {

    @Message("Go to the start page")
    String backHome();

    @Message("Your account")
    String yourAccount();

    @Message("Malformed address")
    String badRequestTitle();

    @Message("The address of this request is not valid. Check the link you followed.")
    String badRequestDetail();

    @Message("Malformed request")
    String badFramingTitle();

    @Message("This request could not be read safely: its length is missing, repeated or ambiguous.")
    String badFramingDetail();

    @Message("Length required")
    String lengthRequiredTitle();

    @Message("This form was sent without its length. Send it again from the page.")
    String lengthRequiredDetail();

    @Message("Form too large")
    String formTooLargeTitle();

    @Message("This form holds far more than any sign-in page asks for. Go back and send it again.")
    String formTooLargeDetail();

    @Message("Form not readable")
    String formMalformedTitle();

    @Message("This form holds characters no page of the portal sends. Go back and type the values again.")
    String formMalformedDetail();

    @Message("Not supported")
    String notImplementedTitle();

    @Message("This request uses an encoding the gateway does not pass on. Send the body without a transfer coding.")
    String notImplementedDetail();

    @Message("Sign-in required")
    String unauthorizedTitle();

    @Message("This page needs you to sign in.")
    String unauthorizedDetail();

    @Message("Credentials refused")
    String invalidCredentialsTitle();

    @Message("The token or key sent with this request is not valid here: it may have expired or been revoked.")
    String invalidCredentialsDetail();

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

    @Message("Temporarily unavailable")
    String serviceUnavailableTitle();

    @Message("Sign-in is unavailable for a moment. Try again in a few seconds.")
    String serviceUnavailableDetail();
}
