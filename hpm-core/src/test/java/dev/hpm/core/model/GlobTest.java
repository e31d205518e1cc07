package dev.hpm.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {
    @ParameterizedTest
    @CsvSource({"web-*,web-1,true", "web-*,web-,true", "web-*,db-1,false", "*-1,web-1,true", "w?b*,web-1,true",
            "w?b*,wb,false", "*a*b*,xaxbx,true", "*a*b*,xbxax,false", "a*a,a,false", "a*a,aa,true", "*,'',true",
            "'',x,false", "ab,ab,true", "a?,ab,true", "a?,a,false", "*ab*ab,abab,true", "*ab*ab,abxab,true",
            "*aab,aaab,true", "?*?,ab,true", "?*?,a,false"})
    void matches_likeAGlob(String pattern, String text, boolean expected) {
        assertThat(Glob.of(pattern).matches(text)).isEqualTo(expected);
    }

    @Test
    void matches_agreesWithTheRegexTranslation_onRandomCases() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String pattern = random(random, "ab*?", random.nextInt(7));
            String text = random(random, "ab", random.nextInt(8));
            String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            assertThat(Glob.of(pattern).matches(text)).as(pattern + " on " + text).isEqualTo(text.matches(regex));
        }
    }

    @Test
    void matches_manyStarsAndNoMatch_isFast() {
        String pattern = "*".repeat(200) + "!";
        String text = "a".repeat(512);
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(Glob.of(pattern).matches(text)).isFalse();
        }
        assertThat((System.nanoTime() - start) / 1e6).as("ms for 1000 hostile matches").isLessThan(1000);
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
