package dev.hpm.sasp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS context of the SASP server from a PKCS#12 key store: the same file and password as the
 * REST API's ({@code server.tls}), so that one certificate serves every listener of {@code hpm serve}.
 */
public final class TlsKeys {
    private TlsKeys() {
    }

    /**
     * @param keystore a PKCS#12 file holding the server's private key and certificate chain
     * @param password its password (also the key's, as {@code keytool} makes them)
     * @throws UncheckedIOException if the file cannot be read or is not a key store with that password,
     *                              naming the file and what to check
     */
    public static SSLContext serverContext(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS key store " + keystore + ": " + e.getMessage()
                    + "; check the file is a PKCS#12 key store and the password is its password", e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException("cannot use the TLS key store " + keystore + ": " + e.getMessage()
                    + "; it needs a private key with its certificate", new IOException(e));
        }
    }
}
