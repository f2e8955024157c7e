package dev.spotplay.module;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of setup step ({@code shell}, {@code copy}, ...). Implementations are stateless and
 * thread-safe: one instance serves every node at once.
 */
public interface StepModule {

    /** The key that selects this module in a step, e.g. {@code shell}. */
    String name();

    /** Keys this module accepts beside its own key in a step, e.g. {@code creates} for shell. */
    Set<String> options();

    /**
     * Checks the arguments as written (templates not yet resolved) and returns the problems
     * found, each naming the argument it is about. Must not touch the network or any node.
     */
    List<ArgProblem> validate(Map<String, Object> args);

    /**
     * Local inputs that belong to the step's definition beyond its arguments, for the definition
     * hash: e.g. the checksum of the files a copy step sends, so that editing them reruns the
     * step. Reads only local files, relative to {@code playbookDir}; a template module renders
     * its source with {@code templates} so that a change in a node fact it uses reruns it.
     * Default: nothing.
     */
    default String fingerprint(Map<String, Object> resolvedArgs, Path playbookDir, StepContext.TemplateRenderer templates)
            throws java.io.IOException {
        return "";
    }

    /**
     * The local files the step reads, as its arguments name them (templates not yet resolved;
     * leave templated names out), so that {@code validate} can refuse a missing one at the
     * place it is written before anything is touched. Must not read the files. Default: none.
     */
    default List<LocalFile> localFiles(Map<String, Object> args) {
        return List.of();
    }

    /**
     * A local file a step reads: {@code key} and {@code path} say where it is named (as in
     * {@link ArgProblem}), {@code file} is the name as written (relative to the playbook's folder,
     * or absolute), {@code kind} what must be there.
     */
    record LocalFile(String key, List<String> path, String file, Kind kind) {
        public LocalFile {
            path = List.copyOf(path);
        }

        public enum Kind {
            /** a regular file */
            FILE,
            /** a regular file or a folder */
            FILE_OR_FOLDER,
            /** a regular file holding {@code {{ }}} templates, whose names must resolve like the playbook's own */
            TEMPLATE
        }
    }

    /**
     * Brings the node to the declared state: check first (without changing anything), act only
     * if needed. Returns {@link StepResult#unchanged} when the check finds nothing to do.
     * A failure the user must fix is a {@link StepResult#failed}; an exception means the
     * connection or the module broke.
     */
    StepResult run(StepContext ctx) throws Exception;

    /**
     * The step as one sh fragment (see {@link StepScript} for the contract), so that it can share
     * a round trip with the node's other steps; empty to be run by {@link #run} alone (the
     * default, and the right answer when the arguments are wrong or the data is large). Must not
     * touch the node: {@code ctx.connection()} is not for use here.
     */
    default java.util.Optional<StepScript> script(StepContext ctx) throws Exception {
        return java.util.Optional.empty();
    }

    /**
     * A problem with an argument. {@code key} is the argument's name, or
     * {@link dev.spotplay.playbook.Step#MAIN_ARG} for the module key's own value; {@code path}
     * leads inside that value (keys of a mapping, indices of a list, as text) to the part at
     * fault, so that the diagnostic points at that part's own line and column; {@code atKey}
     * points at the last key of the path itself rather than its value (a key that does not belong).
     */
    record ArgProblem(String key, List<String> path, boolean atKey, String message) {
        public ArgProblem {
            path = List.copyOf(path);
        }

        /** A problem with the whole argument {@code key}. */
        public ArgProblem(String key, String message) {
            this(key, List.of(), false, message);
        }

        /** A problem with the value at {@code path} inside argument {@code key}. */
        public static ArgProblem inside(String key, List<String> path, String message) {
            return new ArgProblem(key, path, false, message);
        }

        /** A key at {@code path} inside argument {@code key} that does not belong there. */
        public static ArgProblem keyInside(String key, List<String> path, String message) {
            return new ArgProblem(key, path, true, message);
        }
    }
}
