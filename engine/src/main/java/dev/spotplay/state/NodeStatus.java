package dev.spotplay.state;

/** A node's recorded status. */
public enum NodeStatus {
    /** Launch asked for (intent recorded); the provider id may not be known yet. */
    LAUNCHING,
    /** The provider reports it alive. */
    RUNNING,
    /** Alive at the provider but it did not answer SSH within the start timeout. */
    DOWN,
    /** Gone at the provider (killed, interrupted, terminated behind our back). */
    GONE,
    /** Termination asked for. */
    TERMINATING,
    /** Paused ({@code spotplay stop}, or stopped at the provider): its disk, name and host key kept; {@code spotplay start} resumes it. */
    STOPPED;

    public String label() {
        return name().toLowerCase();
    }
}
