package dev.spotplay.plan;

/** What a change is about. */
public enum Kind {
    NODE, STEP, STORAGE, KEY_PAIR, SECURITY_GROUP;

    public String json() {
        return name().toLowerCase();
    }
}
