package dev.hpm.sim.pool;

import java.util.Arrays;

/** A growable list of ints in insertion order, for the pool's per-host server lists. */
final class IntList {
    private int[] values = new int[4];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int get(int i) {
        return values[i];
    }

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    /** Removes the first occurrence of {@code v}, keeping the order of the rest; false if absent. */
    boolean remove(int v) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                System.arraycopy(values, i + 1, values, i, size - i - 1);
                size--;
                return true;
            }
        }
        return false;
    }

    boolean contains(int v) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        size = 0;
    }

    IntList copy() {
        IntList c = new IntList();
        c.values = Arrays.copyOf(values, Math.max(4, size));
        c.size = size;
        return c;
    }
}
