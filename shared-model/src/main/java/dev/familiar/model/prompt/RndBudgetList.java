package dev.familiar.model.prompt;

import java.util.List;

/** Every R&D budget with this month's use. */
public record RndBudgetList(List<RndBudget> items) {
}
