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
        assertThat(Secrets.sha256(t)).hasSize(64).isEqualTo(Secrets.sha256(t));
        assertThat(Secrets.newPassword(20)).hasSize(20).matches("[A-Za-z0-9]+");
    }

    @Test
    void roleAllows_adminEverythingViewerReads() {
        assertThat(Role.VIEWER.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.ADMIN)).isTrue();
        assertThat(Role.ADMIN.allows(Role.VIEWER)).isFalse();
        assertThat(Role.ANYONE.allows(null)).isTrue();
    }
}
