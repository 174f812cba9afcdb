package io.hstorekv;

/** An end of a list: LEFT is the head (index 0), RIGHT the tail, as in Redis's LMOVE. */
public enum ListEnd {
    LEFT,
    RIGHT
}
