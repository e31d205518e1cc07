package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainDevices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainXmlTest {
    @Test
    void devices_domainXml_givesDisksAndInterfacesUnderDevicesOnly() {
        String xml = """
                <domain type='kvm'>
                  <name>web-1</name>
                  <os><type>hvm</type><boot dev='hd'/></os>
                  <devices>
                    <disk type='file' device='disk'><driver name='qemu'/><source file='/var/lib/libvirt/images/web-1.qcow2'/>
                      <target dev='vda' bus='virtio'/></disk>
                    <disk type='file' device='floppy'><source file='/tmp/boot.img'/><target dev='fda' bus='fdc'/></disk>
                    <interface type='network'><mac address='52:54:00:12:34:56'/><source network='default'/>
                      <model type='virtio'/></interface>
                    <console type='pty'/>
                  </devices>
                </domain>""";
        DomainDevices d = DomainXml.devices(xml);
        assertThat(d.disks()).containsExactly(new DomainDevices.Disk("vda", "disk", "/var/lib/libvirt/images/web-1.qcow2"),
                new DomainDevices.Disk("fda", "floppy", "/tmp/boot.img"));
        assertThat(d.nics()).containsExactly(new DomainDevices.Nic("52:54:00:12:34:56", "network", "default", "virtio"));
    }
}
