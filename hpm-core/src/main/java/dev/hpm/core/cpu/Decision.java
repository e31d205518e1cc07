package dev.hpm.core.cpu;

/** What the CPU manager decided for one host in one interval: an adjustment, or why none. */
public sealed interface Decision permits Adjustment, NoAction {
    String host();

    /** One line for people. */
    String summary();
}
