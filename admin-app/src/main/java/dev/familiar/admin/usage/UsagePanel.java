package dev.familiar.admin.usage;

/** The parts of the Usage screen that export: each chart's series and each table, with its file name. */
public enum UsagePanel {
    ALLOWED_DENIED("token-attempts", "Token attempts: allowed vs denied"),
    PROVIDERS("tokens-per-provider", "Allowed tokens per provider"),
    PURPOSES("tokens-product-rnd", "Allowed tokens: product vs R&D"),
    METERED("metered-usage", "Metered usage per metric"),
    ANOMALIES("anomalies", "Anomalies"),
    TOP_USERS("top-users", "Top users"),
    COST("cost-allocation", "Cost allocation");

    private final String fileStem;
    private final String title;

    UsagePanel(String fileStem, String title) {
        this.fileStem = fileStem;
        this.title = title;
    }

    public String fileStem() {
        return fileStem;
    }

    public String title() {
        return title;
    }
}
