package dev.hpm.cli.remote;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * TLS that trusts the CA certificates of a PEM file (for a server with a private CA or a
 * self-signed certificate) instead of the JDK's trust store. Host names are still verified; there
 * is no option to turn verification off.
 */
final class CaTrust {
    private CaTrust() {
    }

    /** An SSL context trusting exactly the certificates in {@code pem}, named by {@code setting}. */
    static SSLContext context(Path pem, String setting) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw CliFailure.usage(setting + " is " + pem + ": no certificate in it; give the CA's certificate in PEM"
                        + " (-----BEGIN CERTIFICATE-----)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw CliFailure.usage(setting + " is " + pem + ": cannot read it (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw CliFailure.usage(setting + " is " + pem + ": not a PEM certificate file (" + e.getMessage() + ")");
        }
    }
}
