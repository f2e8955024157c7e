package dev.spotplay.modules;

import dev.spotplay.diag.DidYouMean;
import dev.spotplay.module.StepModule.ArgProblem;
import dev.spotplay.playbook.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects argument problems for one module, all of them rather than the first. Strings that
 * still hold {@code {{ }}} are accepted as they are: validate runs before templates resolve,
 * and run validates again afterwards.
 */
final class Args {
    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}|[0-7]{4}");

    private final String module;
    private final List<ArgProblem> problems = new ArrayList<>();

    Args(String module) {
        this.module = module;
    }

    List<ArgProblem> problems() {
        return List.copyOf(problems);
    }

    void problem(String key, String message) {
        problems.add(new ArgProblem(key, message));
    }

    void problem(ArgProblem problem) {
        problems.add(problem);
    }

    /**
     * A problem with {@code inner}, a key inside argument {@code key} (or {@code key} itself when
     * they are the same), so the diagnostic points at that key's own line.
     */
    void problemAt(String key, String inner, String message) {
        problems.add(inner.equals(key) ? new ArgProblem(key, message) : ArgProblem.inside(key, List.of(inner), message));
    }

    static boolean templated(Object v) {
        return v instanceof String s && s.contains("{{");
    }

    /**
     * The module's main value as a map with only {@code allowed} keys and every {@code required}
     * one; null (with a problem) when it is not a map.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> mainMap(Map<String, Object> args, Set<String> allowed, Set<String> required, String example) {
        Object v = args.get(Step.MAIN_ARG);
        if (!(v instanceof Map<?, ?> m)) {
            problem(Step.MAIN_ARG, module + " takes a map, for example " + example + ", not " + describe(v));
            return null;
        }
        Map<String, Object> map = (Map<String, Object>) m;
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(ArgProblem.keyInside(Step.MAIN_ARG, List.of(key), module + " has no key \"" + key + "\"; allowed: "
                        + String.join(", ", sorted(allowed)) + "." + DidYouMean.hint(key, allowed)));
            }
        }
        for (String key : sorted(required)) {
            if (map.get(key) == null) {
                problem(Step.MAIN_ARG, module + " needs \"" + key + "\", for example " + example);
            }
        }
        return map;
    }

    /** A non-empty string under {@code key} of {@code map}, or null (with a problem if present but wrong). */
    String string(Map<String, Object> map, String key, String problemKey, String what) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            problemAt(problemKey, key, label(key, problemKey) + " must be " + what + ", not " + describe(v));
            return null;
        }
        return s;
    }

    /** An optional octal mode written as a string; unquoted numbers are refused since YAML reads 0644 as decimal 644. */
    void mode(Map<String, Object> map, String key, String problemKey) {
        Object v = map.get(key);
        if (v == null || templated(v)) {
            return;
        }
        if (!(v instanceof String s) || !OCTAL_MODE.matcher(s).matches()) {
            problemAt(problemKey, key, label(key, problemKey) + " must be a quoted octal string like \"0644\" or \"0755\", not "
                    + describe(v) + (v instanceof Number ? " (an unquoted number is not read as octal)" : ""));
        }
    }

    static Integer parseMode(Object v) {
        return v == null ? null : Integer.parseInt((String) v, 8);
    }

    /**
     * A path on the node: absolute, or relative to the login user's home folder (where SSH
     * commands start; on the local provider, the node's own working folder). {@code ~} is not
     * expanded: write a relative path instead.
     */
    void nodePath(Map<String, Object> map, String key, String problemKey) {
        String s = string(map, key, problemKey, "a path on the node");
        if (s != null && !templated(s) && s.isBlank()) {
            problemAt(problemKey, key, label(key, problemKey) + " must be a path on the node, like /etc/app.conf or data/app.conf, not empty");
        }
        if (s != null && !templated(s) && (s.equals("~") || s.startsWith("~/"))) {
            String rest = s.replaceFirst("^~/*", "");
            problemAt(problemKey, key, label(key, problemKey) + " starts with ~, which is not expanded; "
                    + (rest.isEmpty() ? "write \".\" for the home folder itself (where every command starts)"
                    : "a relative path like \"" + rest + "\" is already relative to the home folder"));
        }
        if (s != null && s.indexOf('\n') >= 0) {
            problemAt(problemKey, key, label(key, problemKey) + " must not contain a line break");
        }
    }

    private String label(String key, String problemKey) {
        return problemKey.equals(key) ? module + " option \"" + key + "\"" : module + " \"" + key + "\"";
    }

    static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "the string \"" + s + "\"";
        if (v instanceof Map) return "a map";
        if (v instanceof List) return "a list";
        if (v instanceof Boolean) return "the boolean " + v;
        if (v instanceof Number) return "the number " + v;
        return "a " + v.getClass().getSimpleName();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
