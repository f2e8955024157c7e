package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.TextPlanRenderer;
import java.util.Locale;

final class Costs {
    private Costs() {}

    /** Refuses a plan whose cluster costs more than {@code --max-hourly}. */
    static void check(Plan plan, Double maxHourly) {
        if (maxHourly != null && plan.hourlyCost() > maxHourly) {
            throw new UserError(String.format(Locale.ROOT,
                    "The cluster would cost an estimated $%s/h, more than --max-hourly %s. Lower the counts or raise the limit.",
                    TextPlanRenderer.money(plan.hourlyCost()), java.math.BigDecimal.valueOf(maxHourly).stripTrailingZeros().toPlainString()));
        }
    }
}
