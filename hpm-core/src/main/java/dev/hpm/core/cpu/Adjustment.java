package dev.hpm.core.cpu;

import java.util.List;

/**
 * A dynamic resource adjustment: CPU shares moved from donors to one receiver service class.
 * It explains itself: the receiver's PI before and projected, each donor class's PI before and
 * projected, each server's shares before and after, and the reason in words.
 */
public record Adjustment(String host, ClassProjection receiver, List<ClassProjection> donors,
                         List<ShareChange> changes, String reason) implements Decision {
    public Adjustment {
        donors = List.copyOf(donors);
        changes = List.copyOf(changes);
    }

    @Override
    public String summary() {
        return reason;
    }
}
