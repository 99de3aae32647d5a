package dev.weft.coroutine;

/** placeholder */
public enum CoError { NONE }
