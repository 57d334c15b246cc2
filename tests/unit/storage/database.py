"""Raw access to a test database (SQLite file or PostgreSQL schema) beside the stores."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg


def run(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """One statement in its own transaction; the rows it returns."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql, params).fetchall()
    with psycopg.connect(url, autocommit=True) as pg:
        cur = pg.execute(sql.replace("?", "%s"), params)
        return cur.fetchall() if cur.description else []


def load_script(url: str, script: str) -> None:
    """Execute a multi-statement SQL script (a frozen dump)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            conn.executescript(script)
        finally:
            conn.close()
        return
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute(script)


def versions(url: str, table: str) -> list[int]:
    return [row[0] for row in run(url, f"SELECT version FROM {table} ORDER BY version")]
