package io.tollgate.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** English texts of the portal pages; other languages in messages/msg_LANG.properties. */
@MessageBundle(value = "msg", locale = "en")
public interface PortalMessages {

    @Message("English")
    String langEnglish();

    @Message("Français")
    String langFrench();

    @Message("Language")
    String languageSwitch();

    @Message("Sign in")
    String loginTitle();

    @Message("Sign in to continue to the application.")
    String loginIntro();

    @Message("Username")
    String username();

    @Message("Password")
    String password();

    @Message("Sign in")
    String signIn();

    @Message("Two-step verification")
    String totpTitle();

    @Message("Enter the code shown by your authenticator app.")
    String totpIntro();

    @Message("Code")
    String code();

    @Message("Verify")
    String verify();

    @Message("Use a recovery code instead")
    String useRecovery();

    @Message("Use a recovery code")
    String recoveryTitle();

    @Message("Enter one of the recovery codes you saved when you set up two-step verification. Each code works once.")
    String recoveryIntro();

    @Message("Recovery code")
    String recoveryCode();

    @Message("Use a code from your app instead")
    String useAppInstead();

    @Message("Two-step verification has expired")
    String renewTitle();

    @Message("Your authenticator has expired: your organisation asks you to set it up again from time to time. To show it is you, enter one of the recovery codes you saved; then set up your authenticator app again.")
    String renewIntro();

    @Message("Your authenticator has expired and you have no recovery code to use, so you cannot set it up again yourself: an administrator must reset your two-step verification. Then sign in again to set it up.")
    String renewResetNeeded();

    @Message("Set up two-step verification")
    String setupTitle();

    @Message("Your organisation requires two-step verification for your account. Set it up now, or skip it for {days} more {#if days == 1}day{#else}days{/if}: after that, you will have to set it up before going on.")
    String setupIntro(long days);

    @Message("Set up now")
    String setupNow();

    @Message("Skip for now")
    String skip();

    @Message("Set up your authenticator app")
    String enrollTitle();

    @Message("Two-step verification is required for your account: set it up to continue.")
    String enrollRequired();

    @Message("1. Scan this QR code with your authenticator app (for example FreeOTP, Aegis, Google or Microsoft Authenticator).")
    String enrollScan();

    @Message("Cannot scan it? Enter these details by hand:")
    String enrollManual();

    @Message("QR code to scan with an authenticator app")
    String qrAlt();

    @Message("Secret key")
    String secretKey();

    @Message("Algorithm")
    String algorithm();

    @Message("Digits")
    String digits();

    @Message("Period")
    String period();

    @Message("{n} seconds")
    String seconds(int n);

    @Message("2. Name this authenticator and enter the code it shows, to confirm.")
    String enrollConfirm();

    @Message("Name")
    String credentialName();

    @Message("Authenticator app")
    String defaultCredentialName();

    @Message("Confirm")
    String confirm();

    @Message("Your recovery codes")
    String codesTitle();

    @Message("Keep these codes somewhere safe. Each one lets you sign in once if you lose your authenticator. They are shown here until you say you have saved them, for ten minutes at most, and never again.")
    String codesIntro();

    @Message("Download as a text file")
    String download();

    @Message("I have saved them")
    String saved();

    @Message("Recovery codes for {organisation}. Each code works once.")
    String codesFileHeader(String organisation);

    @Message("Recovery codes running out")
    String lowCodesTitle();

    @Message("{#if n == 0}You have no recovery codes left{#else if n == 1}Only 1 recovery code left{#else}Only {n} recovery codes left{/if}. Make a new set from your account page{#if n > 0} before you run out{/if}.")
    String lowCodes(long n);

    @Message("Continue")
    String continueOn();

    @Message("Sign out")
    String logoutTitle();

    @Message("Sign out of every application behind this gateway?")
    String logoutQuestion();

    @Message("Sign out")
    String logoutButton();

    @Message("You are signed out")
    String loggedOutTitle();

    @Message("Your session has ended on this browser.")
    String loggedOutDetail();

    @Message("Sign in again")
    String signInAgain();

    @Message("Your account")
    String homeTitle();

    @Message("Signed in as {name}")
    String signedInAs(String name);

    @Message("Codes from your authenticator were refused because they had already been used")
    String replaysTitle();

    @Message("{when} from {address}")
    String replayItem(String when, String address);

    @Message("If that was not you typing the same code twice, someone may know your password and have seen one of your codes: sign out your other sessions below and tell your administrator, who can change your password.")
    String replaysAdvice();

    @Message("Groups")
    String groupsLabel();

    @Message("Two-step verification is on for this sign-in.")
    String twoStepOn();

    @Message("Two-step verification is not on for your account.")
    String twoStepOff();

    @Message("Set up two-step verification")
    String setupTwoStep();

    @Message("Enter your username.")
    String errUsernameMissing();

    @Message("Enter your password.")
    String errPasswordMissing();

    @Message("This is too long.")
    String errTooLong();

    @Message("Wrong username or password. {n} {#if n == 1}attempt{#else}attempts{/if} left before sign-in is locked for a while.")
    String errWrongPassword(int n);

    @Message("Too many failed attempts for this account. Sign-in is locked until {until} UTC: try again in {minutes} {#if minutes == 1}minute{#else}minutes{/if}.")
    String errLocked(String until, long minutes);

    @Message("Too many failed sign-in attempts from your network. Try again in {seconds} {#if seconds == 1}second{#else}seconds{/if}.")
    String errNetworkBusy(long seconds);

    @Message("Enter the {digits}-digit code from your app (numbers only).")
    String errCodeMalformed(int digits);

    @Message("Wrong code. {n} {#if n == 1}attempt{#else}attempts{/if} left before sign-in is locked for a while.")
    String errWrongCode(int n);

    @Message("This code is not the one for now: your phone's clock seems to be off. Set it to the automatic time, then type the code your app shows. {n} {#if n == 1}attempt{#else}attempts{/if} left before sign-in is locked for a while.")
    String errCodeOtherTime(int n);

    @Message("This code was already used. Wait for the next one and enter it.")
    String errReplay();

    @Message("A recovery code has 8 letters and digits, like 7kq2-m9xd.")
    String errRecoveryMalformed();

    @Message("This recovery code is not valid or was already used. {n} {#if n == 1}attempt{#else}attempts{/if} left before sign-in is locked for a while.")
    String errWrongRecovery(int n);

    @Message("Give this authenticator a name of at most 100 characters.")
    String errNameMissing();

    @Message("This setup took more than 10 minutes and was renewed: scan the new QR code.")
    String errEnrollExpired();

    @Message("Your sign-in page had expired. Please try again.")
    String errFormExpired();

    @Message("Temporarily locked")
    String lockedTitle();

    @Message("Form refused")
    String csrfTitle();

    @Message("This form did not come from this site, or it is too old. Go back, reload the page and try again.")
    String csrfDetail();

    @Message("Temporarily unavailable")
    String unavailableTitle();

    @Message("Sign-in cannot be completed right now. Nothing was lost: try again in a few seconds.")
    String unavailableDetail();

    @Message("Something went wrong")
    String internalTitle();

    @Message("The gateway could not complete this request. Try again; if it persists, give your administrator this reference: {ref}.")
    String internalDetail(String ref);

    @Message("Back to sign-in")
    String backToSignIn();

    @Message("This browser is no longer trusted: the next sign-in here will ask for a code.")
    String deviceNoLongerTrusted();

    @Message("Trusted device")
    String trustLegend();

    @Message("Trust this device")
    String trustThisDevice();

    @Message("Next time on this browser, only your password is asked. Do not tick this on a shared computer.")
    String trustHint();

    @Message("Device name")
    String deviceName();

    @Message("Account security")
    String accountTitle();

    @Message("Account security")
    String accountLink();

    @Message("Authenticator apps")
    String authenticators();

    @Message("No authenticator app is set up: two-step verification is off.")
    String noAuthenticator();

    @Message("Name")
    String columnName();

    @Message("Added")
    String columnCreated();

    @Message("Last used")
    String columnLastUsed();

    @Message("Trusted until")
    String columnExpires();

    @Message("Device")
    String columnDevice();

    @Message("IP address")
    String columnAddress();

    @Message("Signed in")
    String columnStarted();

    @Message("Last seen")
    String columnLastSeen();

    @Message("Rename")
    String rename();

    @Message("Delete")
    String delete();

    @Message("Add another authenticator")
    String addAuthenticator();

    @Message("Turn on two-step verification")
    String turnOn();

    @Message("Turn off two-step verification")
    String turnOff();

    @Message("Two-step verification is required for your account.")
    String requiredNote();

    @Message("Trusted browsers")
    String trustedDevices();

    @Message("No browser is trusted: every sign-in asks for a code.")
    String noTrustedDevices();

    @Message("this browser")
    String thisDevice();

    @Message("this session")
    String thisSession();

    @Message("Revoke")
    String revoke();

    @Message("Revoke all other browsers")
    String revokeOthers();

    @Message("Sign out all other sessions")
    String signOutOthers();

    @Message("Recovery codes")
    String recoveryCodesHeading();

    @Message("{#if n == 0}No unused recovery code left.{#else if n == 1}1 unused recovery code left.{#else}{n} unused recovery codes left.{/if}")
    String codesLeft(long n);

    @Message("Make a new set (the old codes stop working)")
    String regenerate();

    @Message("Signed-in sessions")
    String activeSessions();

    @Message("Sign out")
    String signOut();

    @Message("End session")
    String endSession();

    @Message("End the session on {device}")
    String endSessionOn(String device);

    @Message("Changes on this page ask for a code from your app first.")
    String confirmNote();

    @Message("Done.")
    String accountDone();

    @Message("Confirmed: you can make changes for the next 10 minutes.")
    String accountConfirmed();

    @Message("This is your only authenticator and two-step verification is required for your account: add another one before deleting it.")
    String accountLastRequired();

    @Message("That item no longer exists.")
    String accountNotFound();

    @Message("Confirm it is you")
    String confirmTitle();

    @Message("To change your account security, enter the code shown by your authenticator app.")
    String confirmIntro();

    @Message("Back to account security")
    String backToAccount();

    @Message("Keys for scripts and services")
    String authKeys();

    @Message("A key lets a script or a service reach applications as you, without a code. It is shown once, when it is made; revoke it as soon as it is no longer needed or may have leaked.")
    String authKeysIntro();

    @Message("You have no keys.")
    String noAuthKeys();

    @Message("Applications")
    String columnRoutes();

    @Message("Expires")
    String columnKeyExpires();

    @Message("all")
    String keyAllRoutes();

    @Message("never")
    String keyNeverExpires();

    @Message("Key name")
    String keyName();

    @Message("Valid for")
    String keyValidity();

    @Message("{n} days")
    String keyDays(String n);

    @Message("No expiry")
    String keyNoExpiry();

    @Message("Only for these applications (none ticked: all of them)")
    String keyRoutes();

    @Message("Make a key")
    String keyCreate();

    @Message("Give this key a name of at most 100 characters.")
    String keyNameMissing();

    @Message("Choose applications from the list.")
    String keyRoutesUnknown();

    @Message("Your new key")
    String keyCreatedTitle();

    @Message("Copy it now: it stays on this page until you say you have copied it, ten minutes at most; after that Tollgate keeps only a fingerprint of it. Send it as the header Authorization: AuthKey followed by the key, or in X-Auth-Key.")
    String keyCreatedIntro();

    @Message("I have copied it")
    String keyCopied();

    @Message("Your key is being made")
    String keyMakingTitle();

    @Message("It takes longer than usual. It will be on this page in a moment.")
    String keyMakingDetail();

    @Message("Show my key")
    String keyMakingShow();

    @Message("You are acting as {user}: applications see them, and you as the one acting.")
    String actingAsBanner(String user);

    @Message("Stop acting as them")
    String stopActing();

    @Message("Act as another user")
    String actAsTitle();

    @Message("For support: applications will see the user you name, with you as the one acting, for at most {minutes} minutes or until you stop or sign out. The user is asked for nothing. Start and end are recorded.")
    String actAsIntro(long minutes);

    @Message("Username")
    String actAsUser();

    @Message("Act as this user")
    String actAsStart();

    @Message("No active user has this name.")
    String actAsNoSuchUser();

    @Message("You are already yourself.")
    String actAsSelf();

    @Message("Only an administrator signed in with two-step verification may act as another user.")
    String actAsNotAllowed();
}
