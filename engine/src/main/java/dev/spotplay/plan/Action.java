package dev.spotplay.plan;

/** What a change does. A small closed set, as Terraform's. */
public enum Action {
    CREATE("+", "create"),
    DELETE("-", "delete"),
    REPLACE("-/+", "replace"),
    UPDATE("~", "update"),
    RUN(">", "run");

    private final String symbol;
    private final String json;

    Action(String symbol, String json) {
        this.symbol = symbol;
        this.json = json;
    }

    public String symbol() {
        return symbol;
    }

    public String json() {
        return json;
    }
}
