package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.*;

import dev.spotplay.module.StepModule.ArgProblem;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepResult.Outcome;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Step;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check path runs against this machine's real dpkg; the install path runs against fake
 * dpkg-query, apt-get, id and sudo on a PATH the test controls, so no test installs anything.
 */
@Integration
class AptModuleTest {
    @TempDir Path home;
    @TempDir Path playbook;
    @TempDir Path bin;
    final AptModule apt = new AptModule();
    Node fake;

    @BeforeEach
    void setUp() throws Exception {
        // Installed packages live in db as "name version" lines.
        Files.writeString(home.resolve("db"), "curl 7.88\n");
        script("dpkg-query", """
                for n; do :; done
                v=$(awk -v n="$n" '$1==n {print $2}' "$HOME_DB")
                [ -n "$v" ] || { echo "dpkg-query: no packages found matching $n" >&2; exit 1; }
                printf 'install ok installed %s' "$v"
                """);
        script("apt-get", """
                echo "apt-get $*" >> "$HOME_DB.log"
                [ "$1" = update ] && exit 0
                for a in "$@"; do case "$a" in -*|install|DPkg*) ;; broken*) echo "E: Unable to locate package $a" >&2; exit 100;;
                  *=*) echo "${a%%=*} ${a#*=}" >> "$HOME_DB";; *) echo "$a 1.0" >> "$HOME_DB";; esac; done
                echo "Setting up done"
                """);
        fake = new Node(home, playbook, Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME_DB", home.resolve("db").toString()));
    }

    private void script(String name, String body) throws Exception {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> log() throws Exception {
        Path p = home.resolve("db.log");
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    @Test
    void validate() {
        List<ArgProblem> p = apt.validate(Map.of(Step.MAIN_ARG, List.of("htop", "Bad_Name", 3, "nginx=1.22.1-9"), "update_cache", "yes"));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).message().contains("\"Bad_Name\" is not a Debian package name"));
        assertEquals("update_cache", p.get(2).key());
        assertTrue(apt.validate(Map.of(Step.MAIN_ARG, List.of())).get(0).message().contains("apt: [htop, nfs-common]"));
        assertTrue(apt.validate(Map.of(Step.MAIN_ARG, "libstdc++6", "update_cache", true)).isEmpty());
        assertTrue(apt.validate(Map.of(Step.MAIN_ARG, "{{ pkg }}")).isEmpty());
    }

    @Test
    void installedPackagesOnThisMachineAreUnchangedInOneExec(@TempDir Path realHome) throws Exception {
        Node real = new Node(realHome, playbook);
        StepResult r = real.run(apt, List.of("coreutils", "dpkg"));
        assertEquals(Outcome.UNCHANGED, r.outcome(), r.toString());
        assertEquals("2 packages installed", r.message());
        assertEquals(1, real.conn.roundTrips());
    }

    @Test
    void installsOnlyTheMissingOnesThenIsUnchanged() throws Exception {
        StepResult r = fake.run(apt, List.of("curl", "htop", "jq"), Map.of("update_cache", true));
        assertEquals(Outcome.CHANGED, r.outcome(), r.toString());
        assertEquals("installed htop jq", r.message());
        assertEquals(List.of("apt-get update -q",
                "apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 htop jq"), log());
        assertEquals(1, fake.conn.roundTrips());

        StepResult again = fake.run(apt, List.of("curl", "htop", "jq"), Map.of("update_cache", true));
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.toString());
        assertEquals(2, log().size(), "no apt-get update when nothing is missing");
    }

    @Test
    void aPinnedVersionThatDiffersIsInstalled() throws Exception {
        assertEquals(Outcome.UNCHANGED, fake.run(apt, "curl=7.88").outcome());
        StepResult r = fake.run(apt, "curl=8.1");
        assertEquals("installed curl=8.1", r.message());
    }

    @Test
    void usesSudoWhenNotRoot() throws Exception {
        script("id", "echo 1000\n");
        script("sudo", "echo \"sudo $*\" >> \"$HOME_DB.log\"; shift; exec \"$@\"\n");
        StepResult r = fake.run(apt, "htop");
        assertEquals(Outcome.CHANGED, r.outcome(), r.toString());
        assertTrue(log().get(0).startsWith("sudo -n apt-get install"), log().toString());
    }

    @Test
    void anInstallFailureIsAFailedStepWithAptsOutput() throws Exception {
        StepResult r = fake.run(apt, List.of("broken-pkg"));
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals("apt-get could not install broken-pkg (exit 100)", r.message());
        assertTrue(r.outputTail().contains("Unable to locate package broken-pkg"), r.outputTail());
    }
}
