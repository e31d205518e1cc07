package dev.hpm.core.balance;

/**
 * One term of a member's weight, for the explanation: its name ({@code capacity}, {@code goal},
 * {@code response-time}, {@code target}, {@code smoothing}, {@code bound}, {@code floor}, {@code maintenance},
 * {@code stopped}, {@code stale}, {@code quiesce}), its value and why.
 */
public record WeightTerm(String name, double value, String reason) {
}
