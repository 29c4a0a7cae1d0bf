"""The live layer: per-meeting hubs, the command table, scheduling. Pages and the CLI go through here."""
