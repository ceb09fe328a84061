"""A run played from the command line reaches the LRS, configured by environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from lrs_helpers import Lrs

from trainer.scenarios.library import load_library
from trainer.store import Store
from trainer.store.outbox import Outbox
from trainer.xapi import config as xconfig
from trainer.xapi import statements as st
from trainer.xapi import vocabulary as v


def _play(home: Path, env: dict[str, str], best: list[int]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "play",
            "bounced-resident",
            "--json",
            "--name",
            "Sam Okafor",
            "--practice",  # the authored order: an assessment's numbers are shuffled
        ],
        input="".join(f"{n}\n" for n in best),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**env, "TRAINER_HOME": str(home)},
    )


def test_a_cli_played_run_arrives(tmp_path: Path, lrs: Lrs) -> None:
    from trainer.scenarios.analysis import Analysis

    best = Analysis(load_library().get("bounced-resident").scenario).best_numbers()
    env = {k: val for k, val in os.environ.items() if not k.startswith("TRAINER_")}
    env.update(
        {
            xconfig.ENV_ENDPOINT: lrs.endpoint,
            xconfig.ENV_USERNAME: lrs.username,
            xconfig.ENV_PASSWORD: lrs.password,
            xconfig.ENV_HOMEPAGE: "https://cli.example.org",
        }
    )
    home = tmp_path / "home"
    done = _play(home, env, best)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["score"] == 100
    with Store.open(home / "counterpart.sqlite3") as store:
        assert Outbox(store).status().waiting == 0
        profile = store.find_profile("Sam Okafor")
        assert profile is not None
        (attempt,) = store.attempts(profile.id)
        registration = st.registration_for(xconfig.installation_id(store), "attempt", attempt.id)
    arrived = lrs.statements(registration=registration)
    verbs = Counter(s["verb"]["id"] for s in arrived)
    assert verbs[v.INITIALIZED] == 1 and verbs[v.COMPLETED] == 1 and verbs[v.PASSED] == 1
    assert verbs[v.SELECTED] == len(best)
    assert {s["actor"]["account"]["name"] for s in arrived} == {"Sam Okafor"}

    # The LRS out of reach: the run is kept, the exit code is still 0, and stderr says why.
    env[xconfig.ENV_ENDPOINT] = "http://127.0.0.1:9/xAPI/"
    done = _play(home, env, best)
    assert done.returncode == 0, done.stderr
    assert "wait in the outbox" in done.stderr and "trainer lrs send" in done.stderr
    with Store.open(home / "counterpart.sqlite3") as store:
        assert Outbox(store).status().waiting == len(best) + 3
