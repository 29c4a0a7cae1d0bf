"""Pure domain logic: no UI, no I/O, no wall clock. Every time-dependent function takes `now`."""
