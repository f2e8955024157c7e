package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad inventory beside the error it must produce and where (FILE:LINE:COLUMN). */
class MalformedInventoryTest {

    record Case(String name, String file, String text, String expected, int line, int column) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> cases() {
        return Stream.of(
            new Case("bad section", "h.ini", "[web servers]\nweb01\n", "Invalid section header", 1, 1),
            new Case("half a section is a host line, as in Ansible", "h.ini", "[web\nweb01\n", "unbalanced brackets", 1, 1),
            new Case("unknown section type", "h.ini", "[web]\na\n[web:varz]\nx=1\n", "Did you mean \"vars\"?", 3, 6),
            new Case("host var without =", "h.ini", "[web]\nweb01 ansible_port\n", "Expected key=value", 2, 7),
            new Case("unclosed quote", "h.ini", "[web]\nweb01 ansible_user=\"bob\n", "never closed", 2, 20),
            new Case("bad port on host", "h.ini", "[web]\nweb01 ansible_port=http\n", "ansible_port must be a port number 1..65535, not \"http\"", 2, 20),
            new Case("bad port in vars", "h.ini", "[web]\nw\n[web:vars]\nansible_port = 70000\n", "not \"70000\"", 4, 16),
            new Case("bad var name", "h.ini", "[web]\nw\n[web:vars]\n1x=2\n", "Invalid variable name", 4, 1),
            new Case("vars line without =", "h.ini", "[web]\nw\n[web:vars]\n  just text\n", "Expected key=value", 4, 3),
            new Case("range without end", "h.ini", "[web]\nweb[01:]\n", "the range has no end", 2, 1),
            new Case("range backwards", "h.ini", "[web]\n  web[5:1]\n", "ends before it begins", 2, 3),
            new Case("range widths differ", "h.ini", "[web]\nweb[01:100]\n", "same width", 2, 1),
            new Case("range of words", "h.ini", "[web]\nweb[aa:bb]\n", "numbers ([01:20]) or single letters", 2, 1),
            new Case("unbalanced bracket", "h.ini", "[web]\nweb[01:02\n", "unbalanced brackets", 2, 1),
            new Case("host:port not a number", "h.ini", "[web]\nweb01:ssh\n", "a port number is expected", 2, 1),
            new Case("child line with spaces", "h.ini", "[p:children]\na b\n", "one group name", 2, 1),
            new Case("vars of undeclared group", "h.ini", "[web]\nw\n[wbe:vars]\nx=1\n", "Did you mean \"web\"?", 3, 1),
            new Case("child group no section defines", "h.ini", "[web]\na\n[backend:children]\nweb\ndb\n",
                    "[backend:children] includes group \"db\", which no section defines", 5, 1),
            new Case("child group with only vars", "h.ini", "[p:children]\nkid\n[kid:vars]\nx=1\n",
                    "includes group \"kid\", which no section defines", 2, 1),
            new Case("children cycle", "h.ini", "[a:children]\nb\n[b:children]\na\n", "among its own children: a -> b -> a", 4, 1),
            new Case("yaml group key misspelt", "h.yml", "all:\n  children:\n    web:\n      hots:\n        web01:\n", "Did you mean \"hosts\"?", 4, 7),
            new Case("yaml hosts as list", "h.yml", "all:\n  hosts:\n    - web01\n", "maps each host to its vars", 3, 5),
            new Case("yaml bad port", "h.yml", "all:\n  hosts:\n    web01: { ansible_port: 0 }\n", "not \"0\"", 3, 28),
            new Case("yaml group not a mapping", "h.yml", "all:\n  children:\n    web: [a]\n", "is a mapping of hosts, vars and children", 3, 10),
            new Case("yaml bad range", "h.yml", "all:\n  hosts:\n    web[3:1]:\n", "ends before it begins", 3, 5),
            new Case("yaml syntax", "h.yml", "all:\n  hosts: [\n", "Invalid YAML", 3, 1),
            new Case("yaml duplicate host", "h.yml", "all:\n  hosts:\n    a:\n    a:\n", "Duplicate key", 4, 5),
            new Case("yaml empty", "h.yml", "# nothing\n", "Empty inventory", 0, 0),
            new Case("user like an option", "h.ini", "[web]\nh6 ansible_host=127.0.3.6 ansible_user=-oProxyCommand=touch${IFS}/tmp/x\n",
                    "ansible_user: \"-oProxyCommand=touch${IFS}/tmp/x\" is not a user name", 2, 40),
            new Case("user in group vars", "h.ini", "[web]\nh6\n[web:vars]\nansible_ssh_user=a b\n", "is not a user name", 4, 18),
            new Case("host like an option", "h.ini", "[web]\nh6 ansible_host=-oProxyCommand=x\n", "is not a host name or address", 2, 17),
            new Case("host with a user", "h.yml", "all:\n  hosts:\n    h6: { ansible_host: \"root@10.0.0.1\" }\n", "not a host name", 3, 25),
            new Case("host with a zone", "h.yml", "all:\n  hosts:\n    h6: { ansible_host: \"fe80::1%eth0\" }\n", "not a host name", 3, 25),
            new Case("host name with a var in it", "h.yml",
                    "all:\n  hosts:\n    \"h9 ansible_ssh_common_args=-oProxyCommand=x\": { ansible_host: 10.0.0.9 }\n", "Invalid host name", 3, 5),
            new Case("host name with a line break", "h.yml", "all:\n  hosts:\n    \"h10\\nh11\":\n", "Invalid host name", 3, 5),
            new Case("group name with a space", "h.yml", "all:\n  children:\n    \"web servers\":\n", "Invalid group name", 3, 5),
            new Case("NUL in an ini line", "h.ini", "[web]\nh6 ansible_user=a\0b\n", "NUL character", 2, 18));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsWhereAndWhat(Case c) {
        DiagnosticException e = assertThrows(DiagnosticException.class,
                () -> InventoryLoader.parse(Path.of(c.file()), c.file(), c.text().getBytes(StandardCharsets.UTF_8)));
        Diagnostic d = e.diagnostics().errors().get(0);
        String rendered = d.render();
        assertTrue(rendered.contains(c.expected()), rendered);
        assertEquals(c.file(), d.range().file(), rendered);
        assertEquals(c.line(), d.range().line(), rendered);
        assertEquals(c.column(), d.range().column(), rendered);
    }

    @Test
    void everyMistakeIsReportedNotJustTheFirst() {
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> InventoryLoader.parse(Path.of("h.ini"), "h.ini",
                "[web]\nweb01 ansible_port=x\nweb[2:1]\n[web:nope]\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, e.diagnostics().errors().size(), e.diagnostics().render());
    }

    @Test
    void notUtf8IsRefusedWithItsPosition() {
        byte[] bytes = {'[', 'w', ']', '\n', 'a', (byte) 0xff, '\n'};
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> InventoryLoader.parse(Path.of("h.ini"), "h.ini", bytes));
        Diagnostic d = e.diagnostics().errors().get(0);
        assertTrue(d.render().contains("Save the inventory as UTF-8"), d.render());
        assertEquals(2, d.range().line());
    }
}
