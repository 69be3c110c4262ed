package dev.familiar.admin.usage;

/** An entry of the organisation picker: one organisation, or {@link #ALL} (the whole platform, no filter). */
public record OrganisationChoice(String orgId, String name) {
    public static final OrganisationChoice ALL = new OrganisationChoice(null, "All organisations (platform)");

    public boolean isAll() {
        return orgId == null;
    }

    @Override
    public String toString() {
        return name;
    }
}
