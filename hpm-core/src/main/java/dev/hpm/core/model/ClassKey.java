package dev.hpm.core.model;

import java.util.Objects;

/** Identifies a service class: its name is unique only within its group's policy. */
public record ClassKey(String group, String serviceClass) implements Comparable<ClassKey> {
    public ClassKey {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(serviceClass, "serviceClass");
    }

    @Override
    public int compareTo(ClassKey o) {
        int c = group.compareTo(o.group);
        return c != 0 ? c : serviceClass.compareTo(o.serviceClass);
    }

    /** {@code group/class}, as shown to users. */
    @Override
    public String toString() {
        return group + "/" + serviceClass;
    }
}
