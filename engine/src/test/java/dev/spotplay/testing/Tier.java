package dev.spotplay.testing;

/**
 * The test tiers. Unit tests carry no tag; {@link Integration} and {@link EndToEnd} tag the
 * others. The {@code unit} Maven profile runs surefire with {@code -Dspotplay.test.tier=unit},
 * and every fixture that starts a real component calls {@link #requireIntegration} first, so
 * a test that needs one but lacks its tag fails with a message saying which tag to add. H2 is
 * opened by the engine, not by a fixture: the profile sets {@code h2.baseDir} to a folder that
 * does not exist, and H2 refuses every file outside it.
 */
public final class Tier {
    public static final String INTEGRATION = "integration";
    public static final String END_TO_END = "e2e";
    static final String PROPERTY = "spotplay.test.tier";

    private Tier() {}

    /** Refuses to start {@code what} (e.g. "OpenSSH sshd") when the tests run as the unit tier. */
    public static void requireIntegration(String what) {
        if ("unit".equals(System.getProperty(PROPERTY))) {
            throw new IllegalStateException(what + " is a real component, not for the unit tier: tag the test @"
                    + Integration.class.getName() + " (or @" + EndToEnd.class.getSimpleName() + ")");
        }
    }
}
