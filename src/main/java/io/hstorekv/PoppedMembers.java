package io.hstorekv;

import java.util.List;

/** Members popped from a sorted set (ZMPOP, BZPOPMIN, ...): the key they came from, in pop order. */
public record PoppedMembers(String key, List<ScoredMember> members) {}
