package dev.spotplay.provider;

import dev.spotplay.playbook.Block;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Key;
import dev.spotplay.playbook.ProviderLanguage;

import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A group's {@code autostop: {idle: 1h, action: stop|terminate}}: its nodes stop (or terminate)
 * themselves once they have been idle this long (no SSH session, no running step, low load).
 * The key is declared by each provider (here, not in the playbook package, which knows no provider key) that can do it ({@link #key}), with the shortest idle
 * time it allows; a provider's own rules (aws: no {@code stop} for spot) go in its
 * {@link ProviderLanguage#checkGroup}.
 *
 * @param idle   how long a node must be idle before it acts
 * @param action what it does then
 */
public record Autostop(Duration idle, Action action) {

    public static final String KEY = "autostop";
    static final List<String> KEYS = List.of("idle", "action");

    /** What an idle node does. */
    public enum Action {
        /** Shuts down and stays stopped (disk, name, state kept; {@code spotplay start} resumes it). */
        STOP,
        /** Shuts down for good (the next plan shows it gone and launches it again). */
        TERMINATE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The setting's text, as launch settings record it: {@code 1h stop}. */
    public String text() {
        return Durations.format(idle) + " " + action.label();
    }

    /** The group's autostop, or empty if it has none (or its provider has no such key). */
    public static Optional<Autostop> of(Group group) {
        return group.setting(KEY) instanceof Autostop a ? Optional.of(a) : Optional.empty();
    }

    /**
     * The {@code autostop} group key, idle at least {@code minimum} ({@code why}: the sentence
     * that says why, after the minimum's text).
     */
    public static Key key(Duration minimum, String why) {
        return Key.custom(KEY, "mapping {idle, action}", "after this long idle (no SSH session, no running step, low load) "
                + "the nodes stop (default) or terminate themselves; idle at least " + Durations.format(minimum),
                (b, k) -> read(b, k, minimum, why));
    }

    private static Optional<?> read(Block group, String key, Duration minimum, String why) {
        return group.block(key, "\"autostop\" of " + group.where(), KEYS).flatMap(a -> {
            a.requireKey("idle", "how long a node must be idle before it acts, e.g. \"idle: 1h\".");
            Optional<Duration> idle = a.duration("idle");
            if (idle.isPresent() && idle.get().compareTo(minimum) < 0) {
                a.error("idle", "Idle time too short", "\"idle\" must be at least " + Durations.format(minimum) + ", not "
                        + Durations.format(idle.get()) + ": " + why);
                return Optional.empty();
            }
            List<String> actions = List.of("stop", "terminate");
            String action = a.string("action").orElse("stop");
            if (!actions.contains(action)) {
                a.error("action", "Unknown action", "\"action\" must be stop (the default: the node stays, stopped) or terminate "
                        + "(it is gone), not \"" + action + "\"." + DidYouMean.hint(action, actions));
                return Optional.empty();
            }
            return idle.map(d -> new Autostop(d, Action.valueOf(action.toUpperCase(Locale.ROOT))));
        });
    }
}
