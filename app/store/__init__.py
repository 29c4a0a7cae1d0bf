"""Persistence: the only package with SQL. SQLite file by default, PostgreSQL by URL."""
