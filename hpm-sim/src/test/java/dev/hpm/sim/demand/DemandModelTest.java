package dev.hpm.sim.demand;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DemandModelTest {
    static final long S = 1_000_000_000L;

    @Test
    void step_holdsEachLevelUntilTheNextStep() {
        DemandModel m = new DemandModel.Step(List.of(0L, 60 * S), List.of(0.5, 2.0));
        assertThat(m.cpus(0)).isEqualTo(0.5);
        assertThat(m.cpus(59 * S)).isEqualTo(0.5);
        assertThat(m.cpus(60 * S)).isEqualTo(2.0);
        assertThat(m.changePoints()).containsExactly(60 * S);
    }

    @Test
    void sine_followsTheWaveAndNeverGoesNegative() {
        DemandModel m = new DemandModel.Sine(1, 2, 100 * S, 0);
        assertThat(m.cpus(0)).isCloseTo(1, within(1e-9));
        assertThat(m.cpus(25 * S)).isCloseTo(3, within(1e-9));
        assertThat(m.cpus(75 * S)).isZero();
    }

    @Test
    void bursts_sameSeedSameBursts_andOnlyBaseOrPeak() {
        DemandModel a = new DemandModel.Bursts(0.2, 1.5, 60 * S, 10 * S, 42);
        DemandModel b = new DemandModel.Bursts(0.2, 1.5, 60 * S, 10 * S, 42);
        int peaks = 0;
        for (long t = 0; t < 3600; t++) {
            double x = a.cpus(t * S);
            assertThat(x).isEqualTo(b.cpus(t * S)).isIn(0.2, 1.5);
            peaks += x == 1.5 ? 1 : 0;
        }
        // mean burst 10 s every ~70 s: about 14 % of the time at peak
        assertThat(peaks).isBetween(250, 900);
    }

    @Test
    void randomWalk_staysInBounds_andIsDeterministic() {
        DemandModel a = new DemandModel.RandomWalk(1, 0.3, 0.5, 1.5, S, 7);
        DemandModel b = new DemandModel.RandomWalk(1, 0.3, 0.5, 1.5, S, 7);
        DemandModel c = new DemandModel.RandomWalk(1, 0.3, 0.5, 1.5, S, 8);
        boolean differs = false;
        for (long t = 0; t < 1000; t++) {
            double x = a.cpus(t * S);
            assertThat(x).isBetween(0.5, 1.5).isEqualTo(b.cpus(t * S));
            differs |= x != c.cpus(t * S);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void trace_replaysSamplesScaledAndStartsOver() {
        DemandModel m = new DemandModel.Trace("t", new double[]{10, 50, 100}, 300 * S, 2, 0);
        assertThat(m.cpus(0)).isCloseTo(0.2, within(1e-12));
        assertThat(m.cpus(301 * S)).isCloseTo(1.0, within(1e-12));
        assertThat(m.cpus(600 * S)).isCloseTo(2.0, within(1e-12));
        assertThat(m.cpus(900 * S)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void readPlanetLab_fileWithSpaceInName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("aladdin_planetlab_extranet_uni-passau_de_ rnp_dcc_ufjf");
        Files.writeString(file, "12\n7\n\n100\n");
        assertThat(Traces.readPlanetLab(file)).containsExactly(12, 7, 100);
        assertThat(Traces.list(dir)).containsExactly(file);
    }

    @Test
    void readPlanetLab_badLine_namesFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "12\nabc\n");
        assertThatThrownBy(() -> Traces.readPlanetLab(file)).hasMessageEndingWith("bad line 2: \"abc\" is not a utilisation from 0 to 100");
        Files.writeString(file, "12\n140\n");
        assertThatThrownBy(() -> Traces.readPlanetLab(file)).hasMessageContaining("line 2");
    }

    @Test
    void readPlanetLab_sharedTraces_have288Samples() {
        Path day = Path.of("../shared/data/planetlab/20110303");
        List<Path> files = Traces.list(day);
        assertThat(files).hasSize(1052);
        assertThat(Traces.readPlanetLab(files.getFirst())).hasSize(288);
    }
}
