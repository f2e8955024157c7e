package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two readers of single values that Ansible borrows from Python, judged by Python itself (the
 * python of ansible-core's venv): INI values by {@code ast.literal_eval} (a value that is no
 * literal stays text), YAML scalars by PyYAML's {@code safe_load} (YAML 1.1).
 */
@Integration
class ScalarsAgainstPythonTest {
    @TempDir Path dir;

    static final List<String> INI_VALUES = List.of("2222", "02222", "0x10", "0o17", "0b101", "1_000", "1__0", "-5", "+5", "- 5", "1.5", "1e3",
            "1.5e-3", ".5", "5.", "True", "False", "None", "true", "yes", "'quoted'", "\"double\"", "'a' 'b'", "'a' \"b\"", "u'x'", "r'a\\nb'",
            "b'bytes'", "'x\\x41\\n'", "'\\u00e9'", "'\\d'", "[1, 2]", "[1, 'a', [True]]", "(1, 2)", "(1)", "()", "{'a': 1}",
            "{'a': {'b': None}}", "{1: 2}", "[1,]", "foo", "foo bar", "5 # comment", "foo # comment", "'unclosed", "1 + 2", "1j",
            "[1, 2", "{'a'}", "/path/to/key", "10.0.0.1", "::1", "a=b", "", " 5", "0", "00", "007", "1.2.3", "-True", "'''tri'''");

    @Test
    void iniValuesAreReadAsLiteralEvalReadsThem() throws Exception {
        String script = """
                import ast, json, sys, warnings
                out = []
                for v in json.load(open(sys.argv[1])):
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            r = ast.literal_eval(v)
                        if isinstance(r, bytes):
                            r = r.decode()
                        if isinstance(r, (set, complex)):
                            raise ValueError()
                        if isinstance(r, tuple):
                            r = list(r)
                        out.append({"v": r})
                    except Exception:
                        out.append({"text": v})
                print(json.dumps(out))
                """;
        JsonNode python = run(script, INI_VALUES);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < INI_VALUES.size(); i++) {
            String v = INI_VALUES.get(i);
            JsonNode expected = python.get(i).has("v") ? python.get(i).get("v") : python.get(i).get("text");
            JsonNode ours = new ObjectMapper().valueToTree(PyLiteral.valueOf(v));
            if (!same(expected, ours)) {
                mismatches.add(v + ": Python " + expected + ", spotplay " + ours);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    static final List<String> YAML_SCALARS = List.of("02222", "2222", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "-0x10", "+12",
            "1.5", "1e3", "1.0e+3", "1.5e3", ".5", "1:30.5", ".inf", "-.inf", ".nan", "yes", "Yes", "YES", "no", "on", "Off", "y", "n",
            "true", "False", "tRue", "~", "null", "Null", "NULL", "nUll", "2001-12-14x", "0", "-0", "00", "09", "0_7", "text", "1.2.3");

    @Test
    void plainYamlScalarsAreReadAsPyYamlReadsThem() throws Exception {
        String script = """
                import json, sys, yaml, math
                out = []
                for v in json.load(open(sys.argv[1])):
                    r = yaml.safe_load("v: " + v)["v"]
                    if isinstance(r, float) and (math.isinf(r) or math.isnan(r)):
                        r = repr(r)
                    out.append({"v": r})
                print(json.dumps(out))
                """;
        JsonNode python = run(script, YAML_SCALARS);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < YAML_SCALARS.size(); i++) {
            String v = YAML_SCALARS.get(i);
            String text = "v: " + v + "\n";
            Object read = new YamlValues(text, false).toJava(((org.snakeyaml.engine.v2.nodes.MappingNode) new org.snakeyaml.engine.v2.api.lowlevel.Compose(
                    org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).composeString(text).orElseThrow()).getValue().get(0).getValueNode());
            if (read instanceof Double d && (d.isInfinite() || d.isNaN())) {
                read = d.isNaN() ? "nan" : d > 0 ? "inf" : "-inf";
            }
            JsonNode ours = new ObjectMapper().valueToTree(read);
            if (!same(python.get(i).get("v"), ours)) {
                mismatches.add(v + ": PyYAML " + python.get(i).get("v") + ", spotplay " + ours);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /** Same type and value; numbers by value (Python's ints and floats against Java's). */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() == b.isIntegralNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) a::fields) {
                if (!b.has(e.getKey()) || !same(e.getValue(), b.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    private JsonNode run(String script, List<String> inputs) throws Exception {
        Path in = dir.resolve("in.json");
        Files.writeString(in, new ObjectMapper().writeValueAsString(inputs), StandardCharsets.UTF_8);
        Path python = AnsibleInventory.program().resolveSibling("python");
        return new ObjectMapper().readTree(Commands.run(List.of(python.toString(), "-c", script, in.toString())));
    }
}
