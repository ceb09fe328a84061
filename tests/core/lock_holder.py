"""A separate process that holds a data file's write lock until told to let go.

Usage: ``python lock_holder.py DB_PATH``. Prints ``held`` once it holds the
lock (``BEGIN IMMEDIATE``), then keeps it until a line arrives on stdin (or
stdin closes), rolls back and exits.
"""

from __future__ import annotations

import sqlite3
import sys

if __name__ == "__main__":
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    conn.close()
