package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.*;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepResult.Outcome;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Step;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class TemplateModuleTest {
    @TempDir Path home;
    @TempDir Path playbook;
    Node node;
    final TemplateModule template = new TemplateModule();
    final List<String> origins = new ArrayList<>();
    String nodeName = "worker001";

    @BeforeEach
    void setUp() throws Exception {
        node = new Node(home, playbook);
        node.renderer = this::render;
        Files.writeString(playbook.resolve("app.conf"), "name={{ node.name }}\nport=80\n");
    }

    /** A stand-in for the engine's renderer: knows one variable. */
    private String render(String text, String origin) {
        origins.add(origin);
        return text.replace("{{ node.name }}", nodeName);
    }

    @Test
    void validate() {
        assertTrue(template.validate(Map.of(Step.MAIN_ARG, Map.of("dest", "/x"))).toString().contains("needs \"src\""));
        assertTrue(template.validate(Map.of(Step.MAIN_ARG, Map.of("src", "a", "dest", "/x", "owner", "r"))).toString()
                .contains("no key \"owner\""));
        assertTrue(template.validate(Map.of(Step.MAIN_ARG, Map.of("src", "a", "dest", "/x", "mode", "0640"))).isEmpty());
    }

    @Test
    void rendersThenIsUnchanged() throws Exception {
        Map<String, Object> main = Map.of("src", "app.conf", "dest", node.path("etc/app.conf"), "mode", "0640");
        StepResult r = node.run(template, main);
        assertEquals(Outcome.CHANGED, r.outcome(), r.toString());
        assertEquals("name=worker001\nport=80\n", Files.readString(home.resolve("etc/app.conf")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/app.conf"))));
        assertEquals(List.of("app.conf"), origins);

        assertEquals(Outcome.UNCHANGED, node.run(template, main).outcome());
        assertEquals(1, node.conn.roundTrips());

        nodeName = "worker002";
        assertEquals(Outcome.CHANGED, node.run(template, main).outcome());
        assertEquals("name=worker002\nport=80\n", Files.readString(home.resolve("etc/app.conf")));
    }

    @Test
    void missingSrcFails() throws Exception {
        StepResult r = node.run(template, Map.of("src", "nope.tmpl", "dest", node.path("x")));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("nope.tmpl not found"));
    }

    @Test
    void fingerprintIsTheRenderedText() throws Exception {
        Map<String, Object> a = Map.of(Step.MAIN_ARG, Map.of("src", "app.conf", "dest", "/etc/app.conf"));
        StepContext.TemplateRenderer one = (t, o) -> t.replace("{{ node.name }}", "a");
        StepContext.TemplateRenderer two = (t, o) -> t.replace("{{ node.name }}", "b");
        assertEquals(template.fingerprint(a, playbook, one), template.fingerprint(a, playbook, one));
        assertNotEquals(template.fingerprint(a, playbook, one), template.fingerprint(a, playbook, two));
        String before = template.fingerprint(a, playbook, one);
        Files.writeString(playbook.resolve("app.conf"), "port=81\n");
        assertNotEquals(before, template.fingerprint(a, playbook, one));
    }
}
