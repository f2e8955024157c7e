package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** INI and YAML inventories read into the same model: groups, children, ranges, vars with Ansible's precedence. */
class InventoryParsingTest {

    static Inventory ini(String text) {
        return InventoryLoader.parse(Path.of("hosts.ini"), "hosts.ini", text.getBytes(StandardCharsets.UTF_8));
    }

    static Inventory yaml(String text) {
        return InventoryLoader.parse(Path.of("hosts.yml"), "hosts.yml", text.getBytes(StandardCharsets.UTF_8));
    }

    static final String INI = """
            # a comment
            bastion ansible_host=203.0.113.9

            [web]
            web[01:03] ansible_host=10.0.0.5   # another comment (";" is one only at the start of a line)
            web10:2200 ansible_user="deploy" note="two words"

            [db]
            db-[a:c]

            [backend:children]
            web
            db

            [backend:vars]
            ansible_user=app
            ansible_port = 2222

            [web:vars]
            ansible_port=22

            [all:vars]
            ansible_user=root
            ansible_ssh_private_key_file=~/.ssh/cluster
            """;

    static final String YAML = """
            all:
              hosts:
                bastion: { ansible_host: 203.0.113.9 }
              vars:
                ansible_user: root
                ansible_ssh_private_key_file: ~/.ssh/cluster
              children:
                backend:
                  vars: { ansible_user: app, ansible_port: 2222 }
                  children:
                    web:
                      hosts:
                        web[01:03]: { ansible_host: 10.0.0.5 }
                        web10:2200: { ansible_user: deploy, note: two words }
                      vars: { ansible_port: 22 }
                    db:
                      hosts:
                        db-[a:c]:
            """;

    @Test
    void iniAndYamlMeanTheSame() {
        for (Inventory inv : List.of(ini(INI), yaml(YAML))) {
            String f = inv.file().toString();
            assertEquals(List.of("web01", "web02", "web03", "web10"), inv.hostsOf("web"), f);
            assertEquals(List.of("db-a", "db-b", "db-c"), inv.hostsOf("db"), f);
            assertEquals(List.of("web01", "web02", "web03", "web10", "db-a", "db-b", "db-c"), inv.hostsOf("backend"), f);
            assertEquals(List.of("bastion"), inv.hostsOf("ungrouped"), f);
            assertEquals(8, inv.hostsOf("all").size(), f);

            // all < backend < web (deeper group wins) < host
            Map<String, Object> web01 = inv.varsOf("web01");
            assertEquals("10.0.0.5", web01.get("ansible_host"), f);
            assertEquals("22", web01.get("ansible_port").toString(), f);
            assertEquals("app", web01.get("ansible_user"), f);
            assertEquals("~/.ssh/cluster", web01.get("ansible_ssh_private_key_file"), f);
            Map<String, Object> web10 = inv.varsOf("web10");
            assertEquals("2200", web10.get("ansible_port").toString(), "host:port beats group vars in " + f);
            assertEquals("deploy", web10.get("ansible_user"), f);
            assertEquals("two words", web10.get("note"), f);
            Map<String, Object> dbB = inv.varsOf("db-b");
            assertEquals("2222", dbB.get("ansible_port").toString(), f);
            assertEquals("app", dbB.get("ansible_user"), f);
            assertEquals("root", inv.varsOf("bastion").get("ansible_user"), f);
        }
    }

    @Test
    void rangesKeepWidthTakeStepsAndCombine() {
        Inventory inv = ini("""
                [a]
                n[8:11]
                [b]
                n[008:011]
                [c]
                x[0:6:3]-[a:b]
                """);
        assertEquals(List.of("n8", "n9", "n10", "n11"), inv.hostsOf("a"));
        assertEquals(List.of("n008", "n009", "n010", "n011"), inv.hostsOf("b"));
        assertEquals(List.of("x0-a", "x0-b", "x3-a", "x3-b", "x6-a", "x6-b"), inv.hostsOf("c"));
    }

    @Test
    void aHostInSeveralGroupsIsOneHostWithMergedVars() {
        Inventory inv = ini("""
                [web]
                h1 ansible_user=a
                [gpu]
                h1 ansible_port=2201
                """);
        assertEquals(List.of("h1"), inv.hostsOf("web"));
        assertEquals(List.of("h1"), inv.hostsOf("gpu"));
        assertEquals(1, inv.hosts().size());
        assertEquals("a", inv.varsOf("h1").get("ansible_user"));
        assertEquals(2201L, inv.varsOf("h1").get("ansible_port"), "a number, as Ansible's literal_eval reads it");
        assertTrue(inv.hostsOf("ungrouped").isEmpty());
    }

    @Test
    void anEmptyGroupAndAnEmptyChildExist() {
        Inventory inv = ini("""
                [empty]
                [kid]
                [parent:children]
                kid
                """);
        assertTrue(inv.group("empty").isPresent());
        assertTrue(inv.group("kid").isPresent());
        assertEquals(List.of(), inv.hostsOf("parent"));
    }

    @Test
    void formatIsTakenFromTheNameOrElseTheFirstLine() {
        assertTrue(InventoryLoader.isYaml(Path.of("hosts"), "# hi\nall:\n  hosts:\n"));
        assertTrue(InventoryLoader.isYaml(Path.of("hosts"), "---\nall:\n"));
        assertTrue(!InventoryLoader.isYaml(Path.of("hosts"), "[web]\nweb01\n"));
        assertTrue(!InventoryLoader.isYaml(Path.of("hosts"), "web01:2222 ansible_user=x\n"));
        assertTrue(InventoryLoader.isYaml(Path.of("inv.json"), "{}"));
        assertTrue(!InventoryLoader.isYaml(Path.of("hosts.ini"), "all:\n"));
    }
}
