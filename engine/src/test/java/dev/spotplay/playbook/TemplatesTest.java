package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    static final Map<String, Object> SCOPE = Map.of(
            "data_dir", "/srv/data",
            "price", new BigDecimal("0.050"),
            "n", 3L,
            "ports", List.of(80L, 443L),
            "db", Map.of("host", "h1"),
            "node", Map.of("name", "worker001", "index", 1L),
            "groups", Map.of("worker", List.of("10.0.0.1", "10.0.0.2")),
            "hostvars", Map.of("db1.example.com", Map.of("port", 5432L), "web-1", Map.of("role", "front")));

    @Test void plainText() { assertEquals("no templates", Templates.render("no templates", SCOPE)); }
    @Test void variable() { assertEquals("ls /srv/data/x", Templates.render("ls {{ data_dir }}/x", SCOPE)); }
    @Test void noSpaces() { assertEquals("/srv/data", Templates.render("{{data_dir}}", SCOPE)); }
    @Test void dottedPath() { assertEquals("worker001 h1", Templates.render("{{ node.name }} {{ db.host }}", SCOPE)); }
    @Test void numbers() { assertEquals("3 0.050 1", Templates.render("{{ n }} {{ price }} {{ node.index }}", SCOPE)); }
    @Test void listJoinedBySpace() { assertEquals("10.0.0.1 10.0.0.2", Templates.render("{{ groups.worker }}", SCOPE)); }
    @Test void joinFilter() { assertEquals("80, 443", Templates.render("{{ ports | join(\", \") }}", SCOPE)); }
    @Test void defaultFilter() { assertEquals("x-y", Templates.render("{{ missing | default(\"x-y\") }}", SCOPE)); }
    @Test void defaultNotUsedWhenDefined() { assertEquals("3", Templates.render("{{ n | default('9') }}", SCOPE)); }
    @Test void pipeInsideQuotes() { assertEquals("80|443", Templates.render("{{ ports | join(\"|\") }}", SCOPE)); }

    @Test
    void quotedKeysInBracketsReachNamesDotsCannot() {
        assertEquals("5432 front front 5432", Templates.render("{{ hostvars['db1.example.com'].port }} {{ hostvars[\"web-1\"]['role'] }} "
                + "{{ hostvars.web-1.role }} {{ hostvars [ 'db1.example.com' ] [\"port\"] | default('x') }}", SCOPE));
        assertEquals(List.of(new Templates.Reference("hostvars['db1.example.com'].port", List.of("hostvars", "db1.example.com", "port"), 0)),
                Templates.references("{{ hostvars['db1.example.com'].port }}"));
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render("{{ hostvars['db2'].port }}", SCOPE));
        assertTrue(e.getMessage().contains("\"hostvars['db2'].port\" is not defined"), e.getMessage());
        assertThrows(TemplateException.class, () -> Templates.references("{{ hostvars[db1] }}"), "an unquoted key is no key");
        assertThrows(TemplateException.class, () -> Templates.references("{{ hostvars['db1' }}"));
        assertThrows(TemplateException.class, () -> Templates.references("{{ hostvars.['db1'] }}"));
    }

    @Test
    void undefinedNameSaysSoWithAHint() {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render("{{ data_dri }}", SCOPE));
        assertTrue(e.getMessage().contains("\"data_dri\" is not defined. Did you mean \"data_dir\"?"), e.getMessage());
    }

    @Test
    void mapIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render("{{ db }}", SCOPE));
        assertTrue(e.getMessage().contains("is a mapping"), e.getMessage());
    }

    @Test
    void unclosedIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render("a {{ n", SCOPE));
        assertTrue(e.getMessage().contains("no closing \"}}\""), e.getMessage());
    }

    @Test
    void badPathAndFilterAreErrors() {
        assertThrows(TemplateException.class, () -> Templates.references("{{ a b }}"));
        assertThrows(TemplateException.class, () -> Templates.references("{{ }}"));
        assertThrows(TemplateException.class, () -> Templates.references("{{ a | upper }}"));
    }

    @Test
    void referencesListsPathsAndOffsets() {
        assertEquals(List.of(new Templates.Reference("data_dir", 3), new Templates.Reference("groups.my-group", 20)),
                Templates.references("ls {{ data_dir }} > {{ groups.my-group | join(\",\") }}"));
        assertEquals(List.of(new Templates.Reference("b", 21)), Templates.requiredReferences("{{ a | default(\"\") }}{{ b }}"));
        assertEquals("groups", new Templates.Reference("groups.worker", 0).root());
    }
}
