package dev.hpm.cim;

/** Who sent a request: the user's name and whether their role lets them change anything (admin). */
public record Caller(String user, boolean mayChange) {
}
