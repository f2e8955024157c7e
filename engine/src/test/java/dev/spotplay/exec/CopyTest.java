package dev.spotplay.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spotplay.diag.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code spotplay cp} puts each file, as {@code scp -r} would; the real transfers are in CopyOverSshTest and BastionIT. */
class CopyTest {
    @TempDir Path dir;

    @Test
    void aFileGoesToDestOrIntoItAndAFolderBecomesASubfolder() throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "x");
        Path site = Files.createDirectories(dir.resolve("site/sub"));
        Files.writeString(site.resolve("a b.txt"), "a");
        Files.writeString(dir.resolve("site/index.html"), "i");
        assertEquals(List.of(new Copy.Item(file, "/etc/app.conf.new")), Copy.plan(List.of(file), "/etc/app.conf.new", false));
        assertEquals(List.of(new Copy.Item(file, "/etc/app/app.conf")), Copy.plan(List.of(file), "/etc/app", true));
        assertEquals(List.of(new Copy.Item(file, "/etc/app/app.conf")), Copy.plan(List.of(file), "/etc/app/", false));
        assertEquals(List.of(new Copy.Item(dir.resolve("site/index.html"), "/srv/site/index.html"),
                new Copy.Item(site.resolve("a b.txt"), "/srv/site/sub/a b.txt")), Copy.plan(List.of(dir.resolve("site")), "/srv", false));
        assertEquals(List.of(new Copy.Item(file, "/app.conf")), Copy.plan(List.of(file), "/", true));
        assertEquals(2, Copy.plan(List.of(file, dir.resolve("site/index.html")), "rel", false).stream()
                .filter(i -> i.remote().startsWith("rel/")).count(), "several sources: dest is a folder");
    }

    @Test
    void namesSha256sumWouldEscapeAndMissingSourcesAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThrows(UserError.class, () -> Copy.plan(List.of(file), "/tmp/a\nb", false));
        assertThrows(UserError.class, () -> Copy.plan(List.of(file), "/tmp/a\\b", false));
        assertThrows(UserError.class, () -> Copy.plan(List.of(dir.resolve("missing")), "/tmp/x", false));
    }

    @Test
    void checksumsAreSha256InHex() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", dev.spotplay.diag.Sha256.hex(new byte[0]));
    }
}
