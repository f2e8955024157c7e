package dev.spotplay.playbook;

/**
 * Whether a step runs as another user on its node, through {@code sudo -n} (passwordless sudo
 * only), as written in one place: a step's {@code become}/{@code become_user}, or an inventory
 * host's {@code ansible_become}/{@code ansible_become_user}. A null field is "not said here".
 * Where both say something, the host's variables win field by field, as Ansible's connection
 * variables win over its task keywords.
 *
 * @param enabled {@code become}: true, false, or null when not said
 * @param user    {@code become_user} (a POSIX user name, checked where read), or null when not said
 */
public record Become(Boolean enabled, String user) {
    public static final Become NONE = new Become(null, null);
    /** Whom become runs as when no {@code become_user} is said, as with Ansible and sudo. */
    public static final String DEFAULT_USER = "root";

    /** This, with what it does not say taken from {@code lower}. */
    public Become over(Become lower) {
        return new Become(enabled != null ? enabled : lower.enabled, user != null ? user : lower.user);
    }

    /** The user the step runs as, or null when it runs as the login user. */
    public String runAs() {
        return Boolean.TRUE.equals(enabled) ? (user != null ? user : DEFAULT_USER) : null;
    }
}
