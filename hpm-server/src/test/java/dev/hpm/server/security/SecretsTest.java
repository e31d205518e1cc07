package dev.hpm.server.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    @Test
    void hashPassword_saltedAndVerifiable() {
        String a = Secrets.hashPassword("correct horse battery");
        String b = Secrets.hashPassword("correct horse battery");
        assertThat(a).startsWith("pbkdf2-sha256$" + Secrets.ITERATIONS + "$").isNotEqualTo(b).doesNotContain("correct");
        assertThat(Secrets.verifyPassword("correct horse battery", a)).isTrue();
        assertThat(Secrets.verifyPassword("correct horse batterY", a)).isFalse();
        assertThat(Secrets.verifyPassword("x", "plaintext")).isFalse();
    }

    @Test
    void newToken_randomUrlSafe_andHashedForStorage() {
        String t = Secrets.newToken();
        assertThat(t).startsWith("hpm_").hasSize(47).matches("hpm_[A-Za-z0-9_-]+");
        assertThat(Secrets.newToken()).isNotEqualTo(t);
        assertThat(Secrets.sha256(t)).matches("[0-9a-f]{64}").doesNotContain(t.substring(4));
        assertThat(Secrets.newPassword(20)).hasSize(20).matches("[A-Za-z0-9]+").isNotEqualTo(Secrets.newPassword(20));
    }

    @Test
    void sha256_knownVectors() {
        // FIPS 180-2's example "abc", the empty string, and a non-ASCII text hashed as UTF-8
        assertThat(Secrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Secrets.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Secrets.sha256("\u00e9")).isEqualTo(EXPECTED_E_ACUTE);
    }

    /** SHA-256 of the two UTF-8 bytes c3 a9 ("é"), from {@code printf '\\xc3\\xa9' | sha256sum}. */
    static final String EXPECTED_E_ACUTE = "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c";

    @Test
    void roleAllows_adminEverythingViewerReads() {
        assertThat(Role.VIEWER.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.ADMIN)).isTrue();
        assertThat(Role.ADMIN.allows(Role.VIEWER)).isFalse();
        assertThat(Role.ANYONE.allows(null)).isTrue();
    }
}
