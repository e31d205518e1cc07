package dev.hpm.store;

/** The thing named does not exist. */
public final class NotFoundException extends StoreException {
    public NotFoundException(String message) {
        super(message);
    }
}
