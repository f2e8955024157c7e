package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Plan;
import java.util.Locale;

final class Costs {
    private Costs() {}

    /** Refuses a plan whose cluster costs more than {@code --max-hourly}. */
    static void check(Plan plan, Double maxHourly) {
        if (maxHourly != null && plan.hourlyCost() > maxHourly) {
            throw new UserError(String.format(Locale.ROOT,
                    "The cluster would cost an estimated $%.4f/h, more than --max-hourly %.4f. Lower the counts or raise the limit.",
                    plan.hourlyCost(), maxHourly));
        }
    }
}
