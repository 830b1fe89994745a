package io.customer360.common.api;

/**
 * Values fit for a log line: a person's name as the token carries it (a user may sign in with an email address) keeps
 * the first character of its local part and the domain, {@code j***@example.com}, so no email is logged in clear.
 */
public final class LogSafe {

    private LogSafe() {}

    /** The principal or actor name, an email address in it masked; null stays null. */
    public static String actor(String name) {
        if (name == null) {
            return null;
        }
        int at = name.indexOf('@');
        if (at < 0) {
            return name;
        }
        return (at == 0 ? "" : name.substring(0, 1)) + "***" + name.substring(at);
    }
}
