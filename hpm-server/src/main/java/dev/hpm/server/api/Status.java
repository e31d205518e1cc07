package dev.hpm.server.api;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsMeasurement;

import java.util.Collection;

/** Goal status words of the API: on-goal, missing-goal, no-goal, idle, no-data, not-managed. */
final class Status {
    static final String ON_GOAL = "on-goal";
    static final String MISSING_GOAL = "missing-goal";
    static final String NO_GOAL = "no-goal";
    static final String IDLE = "idle";
    static final String NO_DATA = "no-data";
    static final String NOT_MANAGED = "not-managed";

    private Status() {
    }

    static String of(VsMeasurement m) {
        if (m == null) {
            return NO_DATA;
        }
        if (m.serviceClass().isDiscretionary()) {
            return NO_GOAL;
        }
        if (!m.hasVelocity()) {
            return m.status() == SampleStatus.MEASURED ? IDLE : NO_DATA;
        }
        if (Double.isNaN(m.pi())) {
            return NO_DATA; // a response-time goal with too few completions this interval
        }
        return m.pi() <= 1 ? ON_GOAL : MISSING_GOAL;
    }

    static String of(ClassMeasurement c) {
        if (c == null) {
            return NO_DATA;
        }
        if (c.serviceClass().isDiscretionary()) {
            return NO_GOAL;
        }
        if (!c.hasVelocity()) {
            return c.servers() > 0 ? IDLE : NO_DATA;
        }
        if (Double.isNaN(c.worstServerPi())) {
            return NO_DATA; // a response-time goal with too few completions this interval
        }
        return c.worstServerPi() <= 1 ? ON_GOAL : MISSING_GOAL;
    }

    /** A group: missing if any class misses, on goal if any class with a goal is measured, else no data. */
    static String ofGroup(Collection<ClassMeasurement> classes) {
        boolean onGoal = false;
        boolean noGoal = false;
        for (ClassMeasurement c : classes) {
            String s = of(c);
            if (s.equals(MISSING_GOAL)) {
                return MISSING_GOAL;
            }
            onGoal |= s.equals(ON_GOAL);
            noGoal |= s.equals(NO_GOAL);
        }
        return onGoal ? ON_GOAL : noGoal ? NO_GOAL : NO_DATA;
    }
}
