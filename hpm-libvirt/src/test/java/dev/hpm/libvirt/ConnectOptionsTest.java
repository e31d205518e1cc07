package dev.hpm.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectOptionsTest {
    @Test
    void isRemote_uris_areClassified() {
        assertThat(ConnectOptions.isRemote("qemu:///system")).isFalse();
        assertThat(ConnectOptions.isRemote("test:///default")).isFalse();
        assertThat(ConnectOptions.isRemote("qemu+ssh://root@h1/system")).isTrue();
        assertThat(ConnectOptions.isRemote("qemu://h1/system")).isTrue();
        assertThat(ConnectOptions.isRemote("qemu+tls://h1")).isTrue();
    }

    @Test
    void of_remoteUri_enablesKeepAlive() {
        assertThat(ConnectOptions.of("qemu+ssh://h1/system").keepAlive()).isTrue();
        assertThat(ConnectOptions.of("qemu:///system").keepAlive()).isFalse();
        assertThat(ConnectOptions.of("qemu:///system").asReadOnly().readOnly()).isTrue();
    }
}
