package io.hstorekv;

/** A sorted-set member with its score. */
public record ScoredMember(String member, double score) {}
