"""A separate process that plays "a trainee clicking choices", for the store's crash tests.

Usage: ``python store_writer.py DB_PATH PROFILE_NAME COUNT`` (COUNT 0 = until killed).

It prints ``opening`` before opening the store, ``attempt ID`` once its run
has started, then ``ID SEQ`` after each ``record_choice`` has returned, that
is, after the choice is committed. A line on stdout is therefore a promise
that the choice is on disk, which is exactly what the kill test checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.store import Store


def main(db_path: str, name: str, count: int) -> None:
    print("opening", flush=True)
    store = Store.open(Path(db_path))
    profile = store.find_profile(name) or store.create_profile(name)
    attempt = store.start_attempt(profile.id, "kill-test", "hash-1", "practice")
    print(f"attempt {attempt.id}", flush=True)
    made = 0
    while count == 0 or made < count:
        seq = store.record_choice(attempt.id, f"node-{made}", made % 4)
        print(f"{attempt.id} {seq}", flush=True)
        made += 1
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
