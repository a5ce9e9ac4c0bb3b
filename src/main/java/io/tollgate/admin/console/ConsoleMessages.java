package io.tollgate.admin.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** English texts of the console; French in messages/adm_fr.properties. */
@MessageBundle(value = "adm", locale = "en")
public interface ConsoleMessages {

    @Message("Administration")
    String title();

    @Message("Main menu")
    String menu();

    @Message("Dashboard")
    String dashboard();

    @Message("Users")
    String users();

    @Message("Groups")
    String groups();

    @Message("Policy")
    String policy();

    @Message("Audit log")
    String audit();

    @Message("Signed in as {name}")
    String signedInAs(String name);

    @Message("Back to the portal")
    String backToPortal();

    @Message("Administration is for administrators")
    String notAdministratorTitle();

    @Message("Your account is not an administrator's. Ask an administrator if you need access.")
    String notAdministratorDetail();

    @Message("Administration needs two-step sign-in")
    String needsCodeTitle();

    @Message("Sign in with a code from your authenticator app to administer. If you have none, set one up on your account page, then sign out and in again.")
    String needsCodeDetail();

    @Message("Stop acting as another user first")
    String actingAsTitle();

    @Message("The console is not available while you act as another user: stop acting from the banner, then come back.")
    String actingAsDetail();

    @Message("Code from your authenticator app")
    String confirmCode();

    @Message("Changes need a code from the last 10 minutes: type the one your app shows now.")
    String confirmHint();

    @Message("Type the code your authenticator app shows to confirm this change.")
    String errCodeNeeded();

    @Message("That code is not right, or was already used. Type the code your app shows now.")
    String errCodeWrong();

    @Message("Too many wrong codes: try again later.")
    String errCodeLocked();

    @Message("Users")
    String statUsers();

    @Message("Enrolled")
    String statEnrolled();

    @Message("Must enroll")
    String statOwing();

    @Message("In grace period")
    String statGrace();

    @Message("Locked now")
    String statLocked();

    @Message("Trusted devices")
    String statDevices();

    @Message("AuthKeys")
    String statKeys();

    @Message("Grace periods ending first")
    String deadlinesTitle();

    @Message("Nobody is in a grace period.")
    String noDeadlines();

    @Message("Last 30 days")
    String chartTitle();

    @Message("Sign-ins")
    String seriesSignIns();

    @Message("Failed attempts")
    String seriesFailures();

    @Message("Lockouts")
    String seriesLockouts();

    @Message("Replayed codes")
    String seriesReplays();

    @Message("Search")
    String search();

    @Message("Username, name or e-mail")
    String searchHint();

    @Message("Two-step state")
    String state();

    @Message("Any")
    String any();

    @Message("Group")
    String group();

    @Message("Locked")
    String locked();

    @Message("Disabled")
    String disabled();

    @Message("Yes")
    String yes();

    @Message("No")
    String no();

    @Message("Sort by")
    String sortBy();

    @Message("Username")
    String sortUsername();

    @Message("Created")
    String sortCreated();

    @Message("Last sign-in")
    String sortLastSignIn();

    @Message("Newest first")
    String descending();

    @Message("Show")
    String apply();

    @Message("Download as CSV")
    String downloadCsv();

    @Message("Next page")
    String nextPage();

    @Message("First page")
    String firstPage();

    @Message("No user matches.")
    String noUsers();

    @Message("Name")
    String name();

    @Message("Authenticators")
    String authenticators();

    @Message("Grace ends")
    String graceEnds();

    @Message("{#when state}{#is 'ENROLLED'}enrolled{#is 'GRACE'}grace period{#is 'OVERDUE'}must enroll now{#is 'EXEMPT'}exempt{#else}optional{/when}")
    String stateName(String state);

    @Message("required")
    String required();

    @Message("administrator")
    String administrator();

    @Message("service account")
    String serviceAccount();

    @Message("never")
    String never();

    @Message("E-mail")
    String email();

    @Message("Recovery codes left")
    String recoveryCodesLeft();

    @Message("Created")
    String created();

    @Message("Last used")
    String lastUsed();

    @Message("Expires")
    String expires();

    @Message("Trusted devices")
    String devices();

    @Message("Sessions")
    String sessions();

    @Message("Signed in")
    String signedIn();

    @Message("Last seen")
    String lastSeen();

    @Message("From")
    String from();

    @Message("Routes")
    String routes();

    @Message("all")
    String allRoutes();

    @Message("Recent events")
    String recentEvents();

    @Message("None.")
    String none();

    @Message("Actions")
    String actions();

    @Message("Reset two-step verification")
    String reset();

    @Message("Removes the user's authenticators, recovery codes and trusted devices and ends all their sessions at once. Where the policy requires it, they set up a new authenticator at their next sign-in.")
    String resetHint();

    @Message("Unlock")
    String unlock();

    @Message("Disable")
    String disable();

    @Message("Enable")
    String enable();

    @Message("Two-step verification of {name} was reset; {#if count == 0}no session was open.{#else if count == 1}1 session ended.{#else}{count} sessions ended.{/if}")
    String doneReset(String name, int count);

    @Message("{name} is unlocked.")
    String doneUnlock(String name);

    @Message("{name} is disabled: their sessions ended and their keys are refused.")
    String doneDisable(String name);

    @Message("{name} is enabled.")
    String doneEnable(String name);

    @Message("You cannot disable your own account.")
    String errSelfDisable();

    @Message("Required groups")
    String requiredGroups();

    @Message("Exempt groups")
    String exemptGroups();

    @Message("Comma-separated group names; exempt wins over required.")
    String groupsHint();

    @Message("Administrators must use two-step verification")
    String adminsRequired();

    @Message("Recovery codes")
    String recoveryCodesEnabled();

    @Message("Grace period (days)")
    String graceDays();

    @Message("Authenticator lifetime (days, 0: never expires)")
    String credentialLifetimeDays();

    @Message("Trusted device validity (hours, 0: off)")
    String trustedDeviceValidityHours();

    @Message("Trusted devices per user")
    String maxTrustedDevices();

    @Message("Failed attempts before an account locks")
    String maxAttempts();

    @Message("Failed attempts before an administrator's account locks")
    String adminMaxAttempts();

    @Message("Lock time (minutes)")
    String lockMinutes();

    @Message("Save")
    String save();

    @Message("Policy saved. Every gateway replica applies it within seconds, to open sessions too.")
    String policySaved();

    @Message("Some fields need attention.")
    String fixFields();

    @Message("User")
    String user();

    @Message("Event type")
    String eventType();

    @Message("From (UTC)")
    String since();

    @Message("Until (UTC)")
    String until();

    @Message("Time (UTC)")
    String time();

    @Message("Outcome")
    String outcome();

    @Message("Details")
    String details();

    @Message("By")
    String actedBy();

    @Message("No event matches.")
    String noEvents();

    @Message("Members")
    String members();

    @Message("New group")
    String newGroup();

    @Message("Create")
    String create();

    @Message("Rename")
    String rename();

    @Message("New name")
    String newName();

    @Message("Group {name} created.")
    String groupCreated(String name);

    @Message("Group renamed {name}.")
    String groupRenamed(String name);

    @Message("No such user.")
    String noSuchUser();

    @Message("A store does not answer now; nothing was changed. Try again in a moment.")
    String unavailable();

    @Message("Set a password")
    String setPassword();

    @Message("New password (at least 12 characters)")
    String newPassword();

    @Message("The password of {name} is set.")
    String passwordSet(String name);

    @Message("Save groups")
    String saveGroups();

    @Message("The groups of {name} are saved.")
    String groupsSaved(String name);

    @Message("Revoke")
    String revoke();

    @Message("The trusted device is revoked.")
    String deviceRevoked();

    @Message("The AuthKey is revoked on every replica.")
    String keyRevoked();

    @Message("New user")
    String newUser();

    @Message("Password (at least 12 characters; leave empty to set it later)")
    String initialPassword();

    @Message("Administrator")
    String adminFlag();

    @Message("Service account (AuthKeys only, never signs in at the portal)")
    String serviceFlag();

    @Message("Act as this user")
    String actAs();

    @Message("Users who must enroll are told by e-mail, with their deadline and the sign-in link.")
    String mailOn();

    @Message("E-mail to users who must enroll is off: nothing is sent. Set tollgate.enrollment-mail.enabled=true and the SMTP server (quarkus.mailer.*) to turn it on.")
    String mailOff();

    @Message("{field}: {reason}")
    String fieldError(String field, String reason);

    @Message("required")
    String whyRequired();

    @Message("1 to 128 letters, digits or . _ @ + -")
    String whyUsername();

    @Message("1 to 128 letters, digits, spaces or . _ - (no comma), not starting or ending with a space")
    String whyGroupName();

    @Message("each group name: 1 to 128 letters, digits, spaces or . _ - (no comma), not starting or ending with a space")
    String whyEachGroupName();

    @Message("group names, none of them empty")
    String whyGroupNames();

    @Message("required (an empty list takes the user out of every group)")
    String whyGroupsRequired();

    @Message("no such group: {groups}")
    String whyNoSuchGroup(String groups);

    @Message("at most 256 characters, none of them a control character")
    String whyDisplayName();

    @Message("not an e-mail address")
    String whyEmail();

    @Message("at least {count} characters")
    String whyAtLeastCharacters(String count);

    @Message("at most {count} characters")
    String whyAtMostCharacters(String count);

    @Message("must not contain a NUL character")
    String whyNoNul();

    @Message("a service account signs in with keys only: it has no password")
    String whyNoPasswordForService();

    @Message("a whole number")
    String whyWholeNumber();

    @Message("a whole number from {min} to {max}")
    String whyNumberRange(String min, String max);

    @Message("true or false")
    String whyTrueOrFalse();

    @Message("one of {choices}")
    String whyOneOf(String choices);

    @Message("an instant such as 2026-11-30T00:00:00Z")
    String whyInstant();

    @Message("a date and time such as 2026-11-30T08:00")
    String whyDateTime();

    @Message("must come after the start of the range")
    String whyAfterFrom();

    @Message("more than {count} events: narrow the time range or the filters")
    String whyTooManyEvents(String count);

    @Message("this page link is not one the list gave: start from the first page")
    String whyCursorUnknown();

    @Message("this page link belongs to another order of the list: start from the first page")
    String whyCursorOtherOrder();

    @Message("a JSON object with {what}")
    String whyJsonObject(String what);

    @Message("empty: send the exported text")
    String whyEmptyBody();

    @Message("unreadable: {detail}")
    String whyUnreadableExport(String detail);

    @Message("A user with this username exists.")
    String whyUsernameTaken();

    @Message("A group with this name exists.")
    String whyGroupTaken();

    @Message("The policy names this group (required or exempt): change the policy's groups first.")
    String whyGroupInPolicy();

    @Message("A re-encryption is already running on this replica.")
    String whyReencryptionRunning();

    @Message("Password")
    String fieldPassword();

    @Message("Page")
    String fieldPage();

    @Message("← All groups")
    String allGroups();

    @Message("Group {name}")
    String groupTitle(String name);

    @Message("Remove")
    String removeMember();

    @Message("Remove {name} from the group")
    String removeMemberOf(String name);

    @Message("Add a member")
    String addMember();

    @Message("{name} is now a member.")
    String memberAdded(String name);

    @Message("{name} was already a member.")
    String memberAlready(String name);

    @Message("The member is removed from the group.")
    String memberRemoved();

    @Message("That user was not a member.")
    String memberAlreadyOut();

    @Message("No such group")
    String noSuchGroup();
}
