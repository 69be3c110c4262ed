package dev.familiar.admin.purchases;

import dev.familiar.model.purchases.PurchaseStep;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/** One row of a saga's steps: when, which step, its outcome and detail; failed and unknown outcomes are marked. */
public record PurchaseStepItemViewModel(PurchaseStep step, ZoneId zone) {
    public PurchaseStepItemViewModel {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(zone, "zone");
    }

    public String timeText() {
        return PurchaseItemViewModel.time(step.at(), zone);
    }

    public String stepText() {
        return step.step() == null ? "" : step.step();
    }

    /** The outcome, with a mark when it went wrong: "✗ failed", "? unknown", "succeeded". */
    public String outcomeText() {
        String outcome = step.outcome() == null ? "" : step.outcome().toLowerCase(Locale.ROOT);
        if (failed()) {
            return "\u2717 " + outcome;
        }
        if (unknown()) {
            return "? " + outcome;
        }
        return outcome;
    }

    public String detail() {
        return step.detail() == null ? "" : step.detail();
    }

    public boolean failed() {
        return "FAILED".equalsIgnoreCase(step.outcome());
    }

    public boolean unknown() {
        return "UNKNOWN".equalsIgnoreCase(step.outcome());
    }
}
