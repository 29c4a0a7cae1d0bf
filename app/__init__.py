"""Klyngemøde: live facilitation for Danish GP cluster meetings."""

__version__ = "0.1.0"
