package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared group settings: {@code profiles:} and a group's {@code extends:}; the group's own keys win, mistakes point at the profile. */
class ProfilesTest {
    @TempDir Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("p.yml"), yaml);
    }

    @Test
    void aGroupTakesItsProfilesSettingsAndItsOwnWin() throws IOException {
        Playbook pb = PlaybookLoader.load(write("""
                name: x
                provider: { type: aws, endpoint: "http://127.0.0.1:4566" }
                profiles:
                  gpu: { instance_type: [g4dn.xlarge], image: ami-1, market: spot, tags: { team: ml } }
                  big: { volume: { size_gb: 200 }, market: on-demand }
                groups:
                  train: { count: 2, extends: gpu }
                  serve: { count: 1, extends: [gpu, big], market: on-demand, tags: { team: web } }
                """), TestModules.catalog()).playbook();
        Group train = pb.group("train").orElseThrow();
        Group serve = pb.group("serve").orElseThrow();
        assertEquals(List.of("g4dn.xlarge"), train.setting("instance_type"));
        assertEquals("spot", train.setting("market"));
        assertEquals("on-demand", serve.setting("market"), "the group's own key wins");
        assertEquals("{team=web}", serve.setting("tags").toString(), "the group's own key wins");
        assertEquals("ami-1", serve.setting("image"), "from the first profile");
        assertEquals("Volume[sizeGb=200, type=gp3, iops=null, throughput=null]", serve.setting("volume").toString(), "from the second");
    }

    @Test
    void mistakesAreReportedWhereTheyAreWritten() throws IOException {
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> PlaybookLoader.load(write("""
                name: x
                profiles:
                  gpu: { market: spott }
                groups:
                  train: { count: 2, extends: gpu }
                  serve: { count: 1, extends: gpus }
                """), TestModules.catalog()));
        List<Diagnostic> errors = e.diagnostics().errors();
        Diagnostic spott = Fixtures.errorContaining(errors, "Did you mean \"spot\"?");
        assertEquals("3:18", spott.range().line() + ":" + spott.range().column(), "in the profile, not the group");
        Diagnostic unknown = Fixtures.errorContaining(errors, "extends \"gpus\", which \"profiles\" does not define. Did you mean \"gpu\"?");
        assertEquals("6:31", unknown.range().line() + ":" + unknown.range().column());
    }
}
