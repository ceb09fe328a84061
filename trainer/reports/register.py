"""The register of issued certificates: what ``trainer verify`` and the app look up.

Every way of issuing certificates (the command line, a roster in the app, a
completed track) enters them here the same way. Failing to register never
undoes a certificate already written: the caller gets a warning to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from trainer.errors import StoreError
from trainer.reports.certificate import CertificateContent
from trainer.store import Store


def register_certificates(
    store: Store,
    certificates: Sequence[CertificateContent],
    files: Sequence[Path],
    profile_ids: Sequence[int | None] | None = None,
) -> str | None:
    """Enter each certificate with its file; returns a warning if that failed, else None.

    Without ``profile_ids``, a certificate is tied to the profile whose name
    matches the printed name (case-insensitively), if there is one.
    """
    try:
        for i, (content, path) in enumerate(zip(certificates, files, strict=True)):
            if profile_ids is not None:
                profile_id = profile_ids[i]
            else:
                profile = store.find_profile(content.name)
                profile_id = profile.id if profile else None
            store.record_certificate(
                profile_id, content.name, content.programme, content.token, str(path)
            )
    except StoreError as exc:
        return f"the certificates were written but not registered for verification: {exc}"
    return None
