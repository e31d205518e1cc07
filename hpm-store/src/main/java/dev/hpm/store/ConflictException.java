package dev.hpm.store;

/** A write clashes with what is stored: a name that exists, a server that is in another group, … */
public final class ConflictException extends StoreException {
    public ConflictException(String message) {
        super(message);
    }
}
