package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetsTest extends StoreTestBase {

    @Test
    void addRemoveMembership() {
        Sets s = ns.sets();
        assertThat(s.add("tags", "a", "b", "a")).isEqualTo(2);
        assertThat(s.add("tags", "b", "c")).isEqualTo(1);
        assertThat(s.members("tags")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(s.size("tags")).isEqualTo(3);
        assertThat(s.isMember("tags", "a")).isTrue();
        assertThat(s.isMember("tags", "z")).isFalse();
        assertThat(s.areMembers("tags", List.of("z", "c", "a"))).containsExactly(false, true, true);
        assertThat(s.areMembers("nothing", List.of("z", "c"))).containsExactly(false, false);
        assertThat(s.remove("tags", "a", "z")).isEqualTo(1);
        assertThat(s.members("tags")).containsExactlyInAnyOrder("b", "c");
        assertThat(s.remove("tags", "b", "c")).isEqualTo(2);
        assertThat(ns.exists("tags")).isFalse();
        assertThat(s.members("tags")).isEmpty();
        assertThat(s.size("tags")).isZero();
        assertThat(s.remove("tags", "b")).isZero();
    }

    @Test
    void setsAndHashesAreDistinctTypes() {
        ns.sets().add("s", "m");
        assertThat(ns.type("s")).isEqualTo(KeyType.SET);
        assertThatThrownBy(() -> ns.hashes().getAll("s")).isInstanceOf(WrongTypeException.class);
        ns.hashes().set("h", "f", "v");
        assertThatThrownBy(() -> ns.sets().add("h", "m")).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> ns.sets().remove("h", "f")).isInstanceOf(WrongTypeException.class);
        assertThat(ns.hashes().getAll("h")).containsEntry("f", "v");
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ns.sets().add("s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.sets().add("s", "ok", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.exists("s")).isFalse();
    }
}
