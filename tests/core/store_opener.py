"""A separate process that opens a data file at an agreed moment, for the first-open race.

Usage: ``python store_opener.py DB_PATH START_TIME`` (seconds since the epoch).
It spins until START_TIME so that two openers really start together, opens
the store, and prints ``ok`` or ``fail <message>``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from trainer.errors import TrainerError
from trainer.store import Store


def main(db_path: str, start: float) -> None:
    while time.time() < start:
        pass
    try:
        Store.open(Path(db_path)).close()
    except TrainerError as exc:
        print(f"fail {exc}", flush=True)
    else:
        print("ok", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
