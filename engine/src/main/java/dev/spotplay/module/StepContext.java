package dev.spotplay.module;

import dev.spotplay.transport.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a module sees when it runs on one node.
 *
 * @param connection  the node's connection (shared by all steps of that node, used by one step at a time)
 * @param args        the step's arguments with every {@code {{ }}} resolved for this node
 * @param playbookDir the folder relative paths ({@code copy: src}) are resolved against
 * @param templates   renders a template text (the {@code template} module's file) for this node
 * @param timeout     the limit for this step on this node; pass it to every exec
 */
public record StepContext(
        Connection connection,
        Map<String, Object> args,
        Path playbookDir,
        TemplateRenderer templates,
        Duration timeout) {

    /** Renders {@code {{ }}} templates with the node's variables and facts. */
    @FunctionalInterface
    public interface TemplateRenderer {
        String render(String text, String origin);
    }

    public String string(String key) {
        Object v = args.get(key);
        return v == null ? null : v.toString();
    }
}
