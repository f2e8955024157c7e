package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventory scripts run for real: their arguments, their deadline, their failures. */
@Integration
class ScriptInventoryTest {
    @TempDir Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void aScriptThatHangsIsStoppedAtItsDeadlineWithWhatItSaid() throws Exception {
        Path pid = dir.resolve("pid");
        Path s = script("hangs.sh", "echo $$ > '" + pid + "'\necho 'waiting for the CMDB' >&2\nexec tail -f /dev/null\n");
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> InventoryLoader.load(List.of(s), Duration.ofSeconds(1)));
        String shown = e.diagnostics().render();
        assertTrue(shown.contains("hangs.sh --list did not finish within 1 s and was stopped."), shown);
        assertTrue(shown.contains("waiting for the CMDB"), shown);
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                .ifPresent(h -> assertFalse(h.onExit().orTimeout(10, TimeUnit.SECONDS).join().isAlive(), "the script is gone"));
    }

    @Test
    void theScriptGetsExactlyListAsItsArgumentAndNoShell() throws Exception {
        Path args = dir.resolve("args");
        Path s = script("inv -x;$(touch nope).sh", "printf '%s\\n' \"$#\" \"$@\" > '" + args + "'\n"
                + "echo '{\"web\": [\"w1\"], \"_meta\": {\"hostvars\": {\"w1\": {\"ansible_host\": \"127.0.0.1\"}}}}'\n");
        Inventory inv = InventoryLoader.load(List.of(s));
        assertEquals(List.of("1", "--list"), Files.readAllLines(args));
        assertEquals(List.of("w1"), inv.hostsOf("web"));
        assertFalse(Files.exists(dir.resolve("nope")));
    }

    @Test
    void aHostileHostNameFromTheScriptIsRefusedAndNeverHandedBackToIt() throws Exception {
        Path args = dir.resolve("args");
        Path canary = dir.resolve("canary");
        // No _meta: spotplay asks the script for each host's vars with --host NAME.
        Path s = script("inv.sh", "printf '%s\\n' \"$@\" >> '" + args + "'\n"
                + "[ \"$1\" = --list ] && echo '{\"web\": [\"w1\", \"-oProxyCommand=touch " + canary + "\", \"--list\"]}' || echo '{}'\n");
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> InventoryLoader.load(List.of(s)));
        String shown = e.diagnostics().render();
        assertTrue(shown.contains("Invalid host name") && shown.contains("-oProxyCommand"), shown);
        assertEquals(List.of("--list", "--host", "w1"), Files.readAllLines(args), "only the valid host was asked for");
        assertFalse(Files.exists(canary));
    }

    @Test
    void outputThatIsNotJsonIsRefusedWithTheScriptsName() throws Exception {
        Path s = script("ini.sh", "echo '[web]'\necho 'w1'\n");
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> InventoryLoader.load(List.of(s)));
        assertTrue(e.diagnostics().render().contains("ini.sh --list did not print JSON"), e.diagnostics().render());
    }

    @Test
    void anExecutableFileWithoutAShebangIsReadAsAFile() throws Exception {
        Path p = dir.resolve("hosts");
        Files.writeString(p, "[web]\nw1 ansible_host=127.0.0.1\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        assertEquals(List.of("w1"), InventoryLoader.load(List.of(p)).hostsOf("web"));
    }
}
