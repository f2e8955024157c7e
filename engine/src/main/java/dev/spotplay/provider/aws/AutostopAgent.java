package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.ProvidedStep;
import dev.spotplay.playbook.Step;
import dev.spotplay.provider.Autostop;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Autostop on aws is decided on the nodes: a small shell agent ({@code autostop-agent.sh} beside
 * this class) that a systemd timer (or, without systemd, cron) runs once a minute; it counts idle
 * time (no SSH connection, nobody logged in, low load) and then runs {@code shutdown -h now}. The
 * instance-initiated shutdown behaviour set at launch ({@link LaunchSpecs}) makes that a stop or a
 * terminate. No extra runtime: {@code sh}, {@code awk} and the init system the image has.
 *
 * <p>It is installed by a step spotplay puts first in the group's steps (so a failing user step
 * still leaves the agent in place), a {@code shell} step planned, hashed and resumed like the
 * user's: a changed idle time or SSH port is a changed definition, so it runs again. The step is
 * idempotent on its own too: files are written only if their contents differ, and it says
 * whether anything changed. {@code SPOTPLAY_AUTOSTOP_ROOT} in the node's environment installs
 * under that folder instead of {@code /} and touches no service (for tests).
 */
final class AutostopAgent {
    /** The agent looks once a minute, so a shorter idle time could not be kept. */
    static final Duration MINIMUM = Duration.ofMinutes(1);
    static final String MODULE = "shell";
    /** Where the agent lives on a node. */
    static final String PATH = "/usr/local/lib/spotplay/autostop.sh";
    static final String UNIT = "spotplay-autostop";
    private static final String END = "SPOTPLAY_AUTOSTOP_AGENT";

    private AutostopAgent() {}

    /** The install step of a group with autostop, or none. */
    static List<ProvidedStep> steps(Group group, int sshPort) {
        return Autostop.of(group).map(a -> List.of(new ProvidedStep(name(group), MODULE, Map.of(Step.MAIN_ARG,
                install(a.idle().toSeconds(), sshPort))))).orElse(List.of());
    }

    static String name(Group group) {
        return "autostop agent (" + group.name() + ")";
    }

    /** The agent script itself. */
    static String agent() {
        try (InputStream in = AutostopAgent.class.getResourceAsStream("autostop-agent.sh")) {
            if (in == null) {
                throw new IllegalStateException("autostop-agent.sh is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The install script: the agent, then a systemd timer (or a cron entry) that runs it with these arguments. */
    static String install(long idleSeconds, int sshPort) {
        String args = idleSeconds + " " + sshPort;
        String service = String.join("\n",
                "[Unit]",
                "Description=spotplay autostop: shut down after " + idleSeconds + "s idle",
                "[Service]",
                "Type=oneshot",
                "ExecStart=" + PATH + " " + args);
        String timer = String.join("\n",
                "[Unit]",
                "Description=spotplay autostop, once a minute",
                "[Timer]",
                "OnBootSec=1min",
                "OnUnitActiveSec=1min",
                "AccuracySec=10s",
                "[Install]",
                "WantedBy=timers.target");
        String cron = String.join("\n",
                "# spotplay autostop: shut down after " + idleSeconds + "s idle (installed by spotplay)",
                "* * * * * root " + PATH + " " + args + " >/dev/null 2>&1");
        return String.join("\n",
                "set -e",
                "SUDO=; [ \"$(id -u)\" = 0 ] || SUDO='sudo -n'",
                "root=${SPOTPLAY_AUTOSTOP_ROOT:-}",
                "changed=",
                "tmp=$(mktemp)",
                "trap 'rm -f \"$tmp\"' EXIT",
                // put FILE MODE: what is on stdin becomes FILE, if it differs.
                "put() {",
                "  cat > \"$tmp\"",
                "  if ! cmp -s \"$tmp\" \"$root$1\"; then",
                "    $SUDO mkdir -p \"$(dirname \"$root$1\")\"",
                "    $SUDO cp \"$tmp\" \"$root$1\"",
                "    $SUDO chmod \"$2\" \"$root$1\"",
                "    changed=\"$changed $1\"",
                "  fi",
                "}",
                // Which scheduler first, so that a node with neither is refused with nothing written.
                "if [ -d \"$root/run/systemd/system\" ]; then how=systemd",
                "elif [ -n \"$root\" ] || command -v cron >/dev/null 2>&1 || command -v crond >/dev/null 2>&1; then how=cron",
                "else",
                "  echo 'autostop needs systemd or cron on the node, and it has neither: install cron in the image (or with user_data)' >&2",
                "  exit 1",
                "fi",
                "put " + PATH + " 0755 <<'" + END + "'",
                agent().stripTrailing(),
                END,
                "if [ \"$how\" = systemd ]; then",
                "  put /etc/systemd/system/" + UNIT + ".service 0644 <<'" + END + "'",
                service,
                END,
                "  put /etc/systemd/system/" + UNIT + ".timer 0644 <<'" + END + "'",
                timer,
                END,
                "  if [ -e \"$root/etc/cron.d/" + UNIT + "\" ]; then $SUDO rm -f \"$root/etc/cron.d/" + UNIT + "\"; changed=\"$changed /etc/cron.d/" + UNIT + " (removed)\"; fi",
                "  if [ -z \"$root\" ]; then",
                "    [ -z \"$changed\" ] || $SUDO systemctl daemon-reload",
                "    $SUDO systemctl enable --now " + UNIT + ".timer >/dev/null",
                "  fi",
                "else",
                "  put /etc/cron.d/" + UNIT + " 0644 <<'" + END + "'",
                cron,
                END,
                "fi",
                "if [ -n \"$changed\" ]; then echo \"autostop agent installed ($how):$changed\"; else echo \"autostop agent up to date ($how)\"; fi");
    }
}
