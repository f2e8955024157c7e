package dev.spotplay.plan;

/** One attribute an update or replacement changes: {@code instance_type: t3.small -> t3.medium}. */
public record AttributeChange(String name, String before, String after) {

    public String text() {
        return name + ": " + before + " -> " + after;
    }
}
