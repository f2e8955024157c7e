package dev.spotplay.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a plan was made from, so that apply can tell whether it still holds: the playbook's
 * contents, the contents of the local files it depends on (those its steps send, the
 * provider's inventory), which state it was diffed against and how far that state had got,
 * and the options that shaped it. Hashes only: a basis holds no file's contents, so a saved
 * plan holds nothing the playbook's files hold (no variable's value, no secret).
 *
 * @param playbook       the playbook file, absolute
 * @param playbookSha256 the SHA-256 of its bytes
 * @param inputs         the local files the plan depends on, each with its hash
 * @param stateLocation  the {@code --state} given to plan, or empty for the default beside the playbook
 * @param lineage        the state's lineage, or empty when the state had none (none yet)
 * @param serial         the state's serial then (0 for a state with no lineage)
 * @param recheck        whether the plan was made with {@code --recheck}
 * @param replace        the nodes {@code --replace} named, sorted
 * @param adopt          whether the plan was made with {@code --adopt}
 */
public record Basis(String playbook, String playbookSha256, List<Input> inputs, Optional<String> stateLocation,
                    Optional<String> lineage, long serial, boolean recheck, List<String> replace, boolean adopt) {

    public Basis {
        inputs = List.copyOf(inputs);
        replace = List.copyOf(replace);
    }

    /**
     * A local file (or folder) the plan depends on.
     *
     * @param path   absolute
     * @param sha256 the hash of its contents ({@link #MISSING} when there was none)
     * @param usedBy who reads it, for messages: {@code step "motd"}, {@code the inventory}
     */
    public record Input(String path, String sha256, String usedBy) {}

    /** The hash recorded for a file that did not exist when the plan was made. */
    public static final String MISSING = "missing";
}
