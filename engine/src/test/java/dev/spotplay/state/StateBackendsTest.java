package dev.spotplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backend a --state location string goes to, through the backends this build lists for ServiceLoader. */
class StateBackendsTest {

    @TempDir
    Path dir;

    @Test
    void aPlainPathAndFileAndH2SchemesAreTheSameStateFile() {
        String abs = dir.resolve("demo.mv.db").toString();
        for (String location : new String[] {abs, "file:" + abs, "h2:" + abs, "FILE:" + abs, "file://" + abs}) {
            assertEquals(abs, StateBackends.locate(location, "demo").display(), location);
        }
        assertEquals(Path.of("rel/demo.mv.db").toAbsolutePath().toString(), StateBackends.locate("rel/demo.mv.db", "demo").display());
    }

    @Test
    void aColonAfterASlashIsPartOfAPath() {
        assertEquals(Optional.empty(), StateBackends.scheme("./odd:name.mv.db"));
        assertEquals(Optional.empty(), StateBackends.scheme("dir/odd:name.mv.db"));
        assertEquals(Optional.of("postgresql"), StateBackends.scheme("postgresql://db:5432/spotplay"));
        assertEquals(Path.of("./odd:name.mv.db").toAbsolutePath().toString(), StateBackends.locate("./odd:name.mv.db", "demo").display());
    }

    @Test
    void anUnknownSchemeIsOneLineNamingTheFormsAvailableAndNoCredential() {
        UserError e = assertThrows(UserError.class, () -> StateBackends.locate("mysql://alice:s3cret@db/spotplay", "demo"));
        assertEquals("Unknown state scheme \"mysql:\" in --state (this build takes PATH, file:PATH, h2:PATH, postgresql://HOST:PORT/DB);"
                + " a file whose name has a colon is written ./NAME.", e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void aFileUrlWithAHostOrNoPathIsRefused() {
        UserError host = assertThrows(UserError.class, () -> StateBackends.locate("file://server/demo.mv.db", "demo"));
        assertTrue(host.getMessage().contains("names a host"), host.getMessage());
        UserError empty = assertThrows(UserError.class, () -> StateBackends.locate("h2:", "demo"));
        assertTrue(empty.getMessage().contains("names no file"), empty.getMessage());
        assertThrows(UserError.class, () -> StateBackends.locate(" ", "demo"));
    }

    @Test
    void stateOptionWinsOverThePlaybooksStateWhoseRelativePathIsThePlaybooksFolders() {
        Optional<String> declared = Optional.of("shared/demo.mv.db");
        assertEquals(dir.resolve("shared/demo.mv.db").toString(), StateBackends.forPlaybook(null, declared, dir, "demo").display());
        assertEquals(Path.of("other.mv.db").toAbsolutePath().toString(), StateBackends.forPlaybook("other.mv.db", declared, dir, "demo").display());
        assertEquals("postgresql://db:5432/team", StateBackends.forPlaybook(null, Optional.of("postgresql://db/team"), dir, "demo").display());
        assertEquals(dir.resolve(".spotplay/demo.mv.db").toAbsolutePath().toString(),
                StateBackends.forPlaybook(null, Optional.empty(), dir, "demo").display());
    }

    @Test
    void theDefaultIsTheH2FileBesideThePlaybook() {
        StateLocation at = StateBackends.defaultFor(dir, "demo");
        assertEquals(dir.resolve(".spotplay/demo.mv.db").toAbsolutePath().toString(), at.display());
        assertEquals(Optional.of(dir.resolve(".spotplay").toAbsolutePath()), at.folder());
        assertFalse(at.exists());
    }
}
