package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.playbook.PlaybookLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real modules' argument mistakes through validate, each beside the FILE:LINE:COLUMN error it
 * must produce: a block-style option is pointed at on its own line, the local files a step sends
 * must exist, and a template file's own names must resolve (at its own line and column).
 */
class ModuleDiagnosticsTest {
    @TempDir Path dir;

    record Case(String name, Map<String, String> files, String steps, String expected, String where) {
        @Override public String toString() { return name; }
    }

    static final String HEAD = "name: x\nvars: {port: 80}\ngroups:\n  worker:\n    count: 1\nsteps:\n";

    static Stream<Case> cases() {
        return Stream.of(
            new Case("block-style copy mode", Map.of("app.conf", "x\n"),
                    "  - copy:\n      src: app.conf\n      dest: /etc/app.conf\n      mode: 644\n",
                    "must be a quoted octal string", "cluster.yml:10:13"),
            new Case("block-style unknown copy key", Map.of("app.conf", "x\n"),
                    "  - copy:\n      src: app.conf\n      dset: /etc/app.conf\n",
                    "Did you mean \"dest\"?", "cluster.yml:9:7"),
            new Case("copy content into a folder", Map.of(),
                    "  - copy:\n      content: hello\n      dest: /etc/app/\n",
                    "inline content has no name: write the file's whole path, like /etc/app/app.conf", "cluster.yml:9:13"),
            new Case("copy src missing", Map.of(),
                    "  - copy:\n      dest: /opt/app\n      src: ./app\n",
                    "which does not exist. The path is relative to the playbook's folder", "cluster.yml:9:12"),
            new Case("template src missing", Map.of(),
                    "  - template: {src: app.conf.tmpl, dest: /etc/app.conf}\n",
                    "must name a file there", "cluster.yml:7:21"),
            new Case("template src a folder", Map.of("tmpl/a", "x\n"),
                    "  - template:\n      src: tmpl\n      dest: /etc/app.conf\n",
                    "which is a folder; it must name a file", "cluster.yml:8:12"),
            new Case("template file names an undefined var", Map.of("app.conf.tmpl", "listen {{ port }}\nname {{ prot }}\n"),
                    "  - template: {src: app.conf.tmpl, dest: /etc/app.conf}\n",
                    "\"prot\" is not defined. Did you mean \"port\"?", "app.conf.tmpl:2:6"),
            new Case("template file names an unknown node fact", Map.of("t", "a\n\n  {{ node.nmae }}\n"),
                    "  - template: {src: t, dest: /etc/t}\n",
                    "is not a node fact. Did you mean \"name\"?", "t:3:3"),
            new Case("block-style file state", Map.of(),
                    "  - file:\n      path: /srv/data\n      state: dir\n",
                    "must be one of directory, absent, file, touch", "cluster.yml:9:14"),
            new Case("block-style line regexp", Map.of(),
                    "  - line:\n      path: /etc/hosts\n      line: a\n      regexp: \"(\"\n",
                    "is not a valid regular expression", "cluster.yml:10:15"),
            new Case("shell env name in block style", Map.of(),
                    "  - shell: env\n    env:\n      LANG: C\n      1BAD: x\n",
                    "environment variable name \"1BAD\" is not valid", "cluster.yml:10:7"),
            new Case("apt item in a block list", Map.of(),
                    "  - apt:\n      - htop\n      - Bad_Name\n",
                    "apt takes a package name or a list of them", "cluster.yml:9:9"),
            new Case("apt given a map says what it takes", Map.of(),
                    "  - apt: {name: htop}\n",
                    "apt takes a package name or a list of them, for example `apt: nfs-common` or `apt: [htop, nfs-common]`, not a map",
                    "cluster.yml:7:10"),
            new Case("file path ~ suggests a valid path", Map.of(),
                    "  - file: {path: \"~\"}\n",
                    "write \".\" for the home folder itself", "cluster.yml:7:18"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pointsAtTheMistake(Case c) throws IOException {
        for (var f : c.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Diagnostic d = errorContaining(errors(HEAD + c.steps()), c.expected());
        String location = d.range().location();
        assertTrue(location.endsWith(c.where()), () -> "expected at " + c.where() + ":\n" + d.render());
    }

    @Test
    void aStepWhoseFilesAreThereLoads() throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/run.sh"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("app.conf.tmpl"), "listen {{ port }} on {{ node.name }} of {{ groups.worker | join(\",\") }}\n");
        Path file = Files.writeString(dir.resolve("cluster.yml"), HEAD
                + "  - copy: {src: app, dest: /opt/app}\n"
                + "  - template: {src: app.conf.tmpl, dest: /etc/}\n"
                + "  - copy: {src: \"{{ port }}.txt\", dest: /etc/x}\n");
        assertEquals(3, PlaybookLoader.load(file, ModuleCatalog.load()).playbook().steps().size());
    }

    private List<Diagnostic> errors(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("cluster.yml"), yaml);
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> PlaybookLoader.load(file, ModuleCatalog.load()));
        return e.diagnostics().errors();
    }

    private static Diagnostic errorContaining(List<Diagnostic> errors, String expected) {
        return errors.stream().filter(d -> (d.summary() + "\n" + d.detail()).contains(expected)).findFirst()
                .orElseGet(() -> fail("no error contains [" + expected + "]; got:\n"
                        + String.join("\n", errors.stream().map(Diagnostic::render).toList())));
    }
}
