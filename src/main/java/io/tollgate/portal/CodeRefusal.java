package io.tollgate.portal;

import io.tollgate.signin.SignInResult;

/**
 * How a refused code (TOTP or recovery) is told to the user: the message under the field and
 * the status of the page shown again. The same for every page that asks for a code.
 */
record CodeRefusal(String error, int status) {

    /** @param result a refusal: Wrong, Replay, Locked or Malformed */
    static CodeRefusal of(SignInResult result, PortalMessages m, int digits, boolean recoveryCode) {
        if (result instanceof SignInResult.Wrong wrong) {
            return new CodeRefusal(recoveryCode ? m.errWrongRecovery(wrong.attemptsLeft())
                    : wrong.fromAnotherTime() ? m.errCodeOtherTime(wrong.attemptsLeft())
                    : m.errWrongCode(wrong.attemptsLeft()), 401);
        }
        if (result instanceof SignInResult.Replay) {
            return new CodeRefusal(m.errReplay(), 401);
        }
        if (result instanceof SignInResult.Locked locked) {
            return new CodeRefusal(LoginResource.locked(m, locked), 429);
        }
        return new CodeRefusal(recoveryCode ? m.errRecoveryMalformed() : m.errCodeMalformed(digits), 400);
    }
}
