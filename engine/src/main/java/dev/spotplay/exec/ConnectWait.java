package dev.spotplay.exec;

import dev.spotplay.diag.Durations;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.state.NodeRecord;
import java.time.Duration;

/**
 * How long spotplay waits for a node to answer SSH before it counts as down, and which setting
 * says so. A node spotplay has never reached (launched by this apply, or with no host key
 * pinned yet: a static host's first contact, or one whose address changed) may still be
 * booting, so it gets {@code start_timeout}; a node that answered before gets
 * {@code connect_timeout} for each of {@link #TRIES} attempts. Either way each attempt is
 * bounded by {@code connect_timeout}, so a silent host costs this wait, never more.
 */
record ConnectWait(Duration limit, String rule) {

    static final int TRIES = 3;

    static ConnectWait forNode(SshConfig ssh, NodeRecord node, boolean launchedNow) {
        if (launchedNow || node.hostKey() == null) {
            return new ConnectWait(ssh.startTimeout(), "start_timeout, for a node not reached before");
        }
        return known(ssh);
    }

    /** A node that answered before. */
    static ConnectWait known(SshConfig ssh) {
        return new ConnectWait(ssh.connectTimeout().multipliedBy(TRIES),
                "connect_timeout " + Durations.format(ssh.connectTimeout()) + " x " + TRIES);
    }

    long deadlineFrom(long startMillis) {
        return startMillis + limit.toMillis();
    }

    /** {@code 15s (connect_timeout 5s x 3)}, for messages. */
    @Override
    public String toString() {
        return Durations.format(limit) + " (" + rule + ")";
    }
}
