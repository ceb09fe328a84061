"""A certificate for a profile with a PIN is written only with the PIN (real widgets, real PDF)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import make_profile
from tests.ui.test_library_and_progress import pass_in_assessment, save_certificate
from trainer.app import pin as pins
from trainer.app import track as track_certificate
from trainer.app.progress import progress_of
from trainer.errors import TrainerError
from trainer.ui.dialogs.pin import PinPrompt


def test_the_certificate_asks_for_the_pin_first(qtbot, open_window, library, tmp_path):
    make_profile("Ada")
    pass_in_assessment(library, ["permit-limbo", "late-benefit", "just-this-once"])
    window = open_window()
    store, profile_id = window.session.store, window.session.profile.id
    pins.set_pin(store, profile_id, "4826")
    window.show_page("progress")
    page = window.progress_page
    page.certificate_buttons["core"].click()
    qtbot.waitUntil(lambda: page.pin_prompt is not None and page.pin_prompt.isVisible())
    prompt = page.pin_prompt
    assert isinstance(prompt, PinPrompt) and "write the certificate" in prompt.intro.text()
    assert page.save_dialog is None  # nothing asked about a file before the PIN
    qtbot.keyClicks(prompt.field, "1111")
    prompt.ok_button.click()
    assert prompt.isVisible() and "not right" in prompt.problem.text()
    qtbot.keyClicks(prompt.field, "4826")
    prompt.ok_button.click()
    qtbot.waitUntil(lambda: page.save_dialog is not None and page.save_dialog.isVisible())
    target = tmp_path / "certificate.pdf"
    save_certificate(qtbot, page, target)
    assert target.read_bytes().startswith(b"%PDF") and page.job.pin == "4826"


def test_the_core_refuses_a_certificate_without_the_pin(qtbot, open_window, library, tmp_path):
    make_profile("Ada")
    pass_in_assessment(library, ["permit-limbo", "late-benefit", "just-this-once"])
    window = open_window()
    s = window.session
    pins.set_pin(s.store, s.profile.id, "4826")
    core = next(
        t for t in progress_of(s.attempts(), s.infos(), s.tracks).tracks if t.track.id == "core"
    )
    job = track_certificate.CertificateJob(
        s.profile.id, s.profile.name, "", core, {}, target=tmp_path / "c.pdf"
    )
    with pytest.raises(TrainerError, match="has a PIN"):
        track_certificate.make_track_certificate(job, s.store, lambda done, total: None)
    assert not (tmp_path / "c.pdf").exists()
