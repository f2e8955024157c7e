package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Templates in inventory variables, evaluated once at read time; Ansible's own evaluation of the
 * same templates is in {@link AnsibleDifferentialTest}'s corpus ({@code templated}). Here: what
 * each supported piece gives, and that what is not supported, or undefined, is an error at the
 * line that sets the variable, naming it.
 */
class InventoryTemplatesTest {
    static Inventory yaml(String text) {
        return InventoryLoader.parse(Path.of("hosts.yml"), "hosts.yml", text.getBytes(StandardCharsets.UTF_8));
    }

    static Inventory with(String template) {
        return yaml("all:\n  vars:\n    net: '10.0'\n    port: '2200'\n    n: 5\n    user: deploy\n    m: {k: v}\n    l: [a, b]\n"
                + "  hosts:\n    h1.example.com:\n      x: \"" + template.replace("\"", "\\\"") + "\"\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "{{ net }}.5                                => 10.0.5",
        "{{ net ~ '.' ~ n }}                        => 10.0.5",
        "{{ port | int + 2 }}                       => 2202",
        "{{ (port | int) - n }}                     => 2195",
        "{{ nope | default('root') }}               => root",
        "{{ nope | d(user) | upper }}               => DEPLOY",
        "{{ '' | default('x', true) }}              => x",
        "{{ m.k }}-{{ m['k'] }}-{{ l[1] }}          => v-v-b",
        "{{ inventory_hostname_short }}             => h1",
        "{{ ' a ' | trim | replace('a', 'b') }}     => b",
        "{{ n | string }}{{ n }}                    => 55",
        "plain text                                 => plain text",
        "[{{ none }}] {{ none ~ 1 }}                 => [] None1",
    })
    void evaluates(String template, String expected) {
        Diagnostics diags = new Diagnostics();
        assertEquals(expected, with(template).value("h1.example.com", "x", diags), diags.render());
        assertTrue(!diags.hasErrors(), diags.render());
    }

    @Test
    void aWholeBooleanOrListComesBackAsOne() {
        Diagnostics diags = new Diagnostics();
        assertEquals(Boolean.TRUE, with("{{ 'True' }}").value("h1.example.com", "x", diags));
        assertEquals(List.of("a", "b"), with("{{ l }}").value("h1.example.com", "x", diags));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "{{ missing }}.5                     => \"missing\" is undefined",
        "{{ m.nope }}                        => \"nope\" is undefined",
        "{{ lookup('env', 'HOME') }}          => \"lookup\" is not supported",
        "{{ hostvars['x'].y }}               => \"hostvars\" is not supported",
        "{{ net | ipaddr }}                  => the filter \"ipaddr\" is not supported",
        "{% if n %}a{% endif %}              => Jinja statements and comments",
        "{{ net + n }}                       => cannot add a number to text",
        "{{ net                              => is never closed",
        "{{ n if n else 1 }}                 => \"if\" is not supported here",
    })
    void refusesWithTheVariableAndItsLine(String template, String expected) {
        Diagnostics diags = new Diagnostics();
        assertNull(with(template).value("h1.example.com", "x", diags));
        Diagnostic d = diags.errors().get(0);
        assertTrue(d.render().contains(expected), d.render());
        assertTrue(d.render().contains("x of host \"h1.example.com\""), d.render());
        assertEquals(11, d.range().line(), d.render());
        assertEquals(7, d.range().column(), d.render());
    }

    @Test
    void aLoopIsAnErrorNotAHang() {
        Inventory inv = yaml("all:\n  hosts:\n    h:\n      a: '{{ b }}'\n      b: '{{ a }}'\n");
        Diagnostics diags = new Diagnostics();
        assertNull(inv.value("h", "a", diags));
        assertTrue(diags.render().contains("recursive loop: a -> b -> a"), diags.render());
    }

    @Test
    void aTemplatedPortIsCheckedOnceEvaluated() {
        Inventory inv = yaml("all:\n  vars:\n    p: 70000\n  hosts:\n    h:\n      ansible_port: '{{ p }}'\n");
        Diagnostics diags = new Diagnostics();
        assertTrue(inv.login("h", diags).isEmpty());
        assertTrue(diags.render().contains("ansible_port of host \"h\": must be a port number 1..65535, not \"70000\""), diags.render());
        assertEquals(6, diags.errors().get(0).range().line());
    }

    @Test
    void aTemplatedUserThatLooksLikeAnOptionIsRefused() {
        Inventory inv = yaml("all:\n  vars:\n    u: '-oProxyCommand=x'\n  hosts:\n    h:\n      ansible_user: '{{ u }}'\n");
        Diagnostics diags = new Diagnostics();
        assertTrue(inv.login("h", diags).isEmpty());
        assertTrue(diags.render().contains("is not a user name"), diags.render());
    }
}
