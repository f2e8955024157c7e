package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A setup step.
 *
 * @param name    the step's name (unique in the playbook; defaults to "MODULE #N")
 * @param groups  group names, or {@code all}
 * @param module  the module's name ({@code shell}, {@code copy}, ...)
 * @param args    the module's arguments: the module key's own value under {@link #MAIN_ARG},
 *                and every other key of the step that the module accepts (e.g. {@code creates})
 *                under its own name. Values are as parsed: String, Number, Boolean, List, Map.
 *                Strings may hold {@code {{ }}} templates, resolved per node by the engine.
 * @param timeout the limit for this step on one node
 * @param at      where the step is declared
 * @param always  the step runs on every apply (its module's check included, as with
 *                {@code --recheck}), not only when state says it must
 * @param become  its {@code become}/{@code become_user} as written ({@link Become#NONE} when
 *                neither is); a host's inventory variables may still say otherwise
 */
public record Step(
        String name,
        int index,
        List<String> groups,
        String module,
        Map<String, Object> args,
        Duration timeout,
        SourceRange at,
        boolean always,
        Become become) {

    public static final String MAIN_ARG = "_";

    public Step {
        become = become == null ? Become.NONE : become;
    }

    /** A step without become of its own. */
    public Step(String name, int index, List<String> groups, String module, Map<String, Object> args, Duration timeout,
                SourceRange at, boolean always) {
        this(name, index, groups, module, args, timeout, at, always, Become.NONE);
    }

    /** A step that runs when state says it must (not {@code always}). */
    public Step(String name, int index, List<String> groups, String module, Map<String, Object> args, Duration timeout,
                SourceRange at) {
        this(name, index, groups, module, args, timeout, at, false);
    }

    public boolean appliesTo(String group) {
        return groups.contains("all") || groups.contains(group);
    }
}
