"""What the ``certify``, ``verify``, ``report`` and ``issuer`` subcommands do.

Kept apart from :mod:`trainer.cli.report_commands` so that defining the command
line imports none of this (reportlab, the fonts, the signing key).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from trainer import paths, settings
from trainer.app import organisation as org
from trainer.errors import StoreError, TrainerError
from trainer.reports.batch import certify_batch, read_roster, requests_from_roster
from trainer.reports.certificate import (
    CertificateContent,
    CertificateRequest,
    check_printable,
    issue_certificate,
)
from trainer.reports.certificate_check import (
    check_certificate_file,
    describe_file,
    read_certificate_file,
)
from trainer.reports.certificate_page import certificate_pdf
from trainer.reports.exports import (
    class_report_from_store,
    export_class_report,
    export_progress_report,
    progress_report_from_store,
    requests_from_session,
)
from trainer.reports.failures import ExportUsageError
from trainer.reports.files import safe_stem, write_atomic, write_new
from trainer.reports.fonts import default_font_book
from trainer.reports.register import register_certificates
from trainer.reports.signing import (
    TOKEN_SHAPE,
    Issuer,
    describe,
    load_public_key,
    verify,
)
from trainer.store import Store


def _certify(args: argparse.Namespace) -> int:
    issuer = Issuer.load_or_create()
    store = _open_store(required=args.session is not None)
    try:
        base = _base_request(args, store)
        folder = args.out or paths.default_exports_dir()
        if args.name is not None:
            fonts = default_font_book()
            content = check_printable(issue_certificate(base, issuer), fonts)
            pdf = certificate_pdf([content], fonts)
            path = write_new(folder, f"certificate-{safe_stem(content.name)}", ".pdf", pdf)
            print(path)
            _record(store, [(_profile_id(store, content.name), content, path)])
            return 0
        requests, profile_ids, labels = _batch_requests(args, base, store)
        result = certify_batch(requests, issuer, folder, labels=labels)
        print("\n".join(str(path) for path in (*result.files, result.combined)))
        for problem in result.skipped:
            print(f"No certificate: {problem}", file=sys.stderr)
        kept = [pid for i, pid in enumerate(profile_ids) if i not in result.skipped_indexes]
        _record(store, list(zip(kept, result.certificates, result.files, strict=True)))
        return 1 if result.skipped else 0  # written, but not for everyone
    finally:
        if store is not None:
            store.close()


def _base_request(args: argparse.Namespace, store: Store | None) -> CertificateRequest:
    """What every certificate of this run shares, from options and saved settings."""
    organisation = args.organisation
    logo = args.logo
    if store is not None:
        organisation = organisation or org.organisation(store)
        logo = logo or _path_or_none(store.get_setting(settings.CERTIFICATE_LOGO))
    if args.session is None and not args.programme and args.name is not None:
        raise ExportUsageError("--programme is required: say what the certificate is for.")
    return CertificateRequest(
        name=args.name or "",
        programme=args.programme or "",
        on=args.date or date.today(),
        hours=args.hours,
        facilitator=args.facilitator,
        organisation=org.normalise(organisation or ""),
        logo=logo,
    )


def _batch_requests(
    args: argparse.Namespace, base: CertificateRequest, store: Store | None
) -> tuple[list[CertificateRequest], list[int | None], list[str]]:
    """Requests, profile ids and row labels for a roster or a session."""
    if args.roster is not None:
        rows = read_roster(args.roster)
        untitled = [row for row in rows if not row.programme]
        if untitled and not base.programme:
            lines = ", ".join(str(row.line) for row in untitled[:10])
            raise ExportUsageError(
                f"--programme is required: {args.roster.name} gives no programme "
                f"on line(s) {lines}; say what the certificates are for."
            )
        labels = [f"{args.roster.name}:{row.line} ({row.name})" for row in rows]
        ids = [_profile_id(store, row.name) for row in rows]
        return requests_from_roster(rows, base), ids, labels
    assert store is not None  # _open_store(required=True) raised otherwise
    requests, profile_ids = requests_from_session(store, args.session, args.hours, on=args.date)
    overrides = {
        "programme": args.programme,
        "facilitator": args.facilitator,
        "organisation": args.organisation,
        "logo": base.logo,
    }
    given = {k: v for k, v in overrides.items() if v}
    requests = [replace(r, **given) for r in requests]
    return requests, list[int | None](profile_ids), [r.name for r in requests]


def _open_store(required: bool) -> Store | None:
    """The data file, for settings and the certificate register.

    Certifying by name or roster still works when the data file cannot be
    opened (the register entry is then missing, and the user is told).
    """
    try:
        return Store.open(paths.database_path())
    except StoreError as exc:
        if required:
            raise
        print(
            f"trainer certify: warning: {exc} Certificates will not be registered.", file=sys.stderr
        )
        return None


def _profile_id(store: Store | None, name: str) -> int | None:
    if store is None:
        return None
    profile = store.find_profile(name)
    return profile.id if profile else None


def _record(
    store: Store | None, entries: list[tuple[int | None, CertificateContent, Path]]
) -> None:
    """Enter issued certificates in the register; failing to is a warning, not an error."""
    if store is None or not entries:
        return
    ids, contents, files = zip(*entries, strict=True)
    warning = register_certificates(store, contents, files, ids)
    if warning is not None:
        print(f"trainer certify: warning: {warning}", file=sys.stderr)


def _verify(args: argparse.Namespace) -> int:
    """A code, or a certificate PDF whose printed text is compared with its code.

    Exit 0 when genuine, 1 when forged or altered, 2 when the input cannot be
    read as a code or a certificate; every failure is one line on stderr.
    """
    code = args.code.strip()
    try:
        key = load_public_key(args.key) if args.key is not None else None
        if TOKEN_SHAPE.fullmatch(code):
            result = verify(code, key)
            print("\n".join(describe(result)))
            return 0 if result.valid else 1
        path = Path(args.code)
        check = check_certificate_file(path, read_certificate_file(path), key)
    except TrainerError as exc:
        print(f"trainer verify: {exc}", file=sys.stderr)
        return 2
    print("\n".join(describe_file(check)))
    return 0 if check.valid else 1


def _report(args: argparse.Namespace) -> int:
    store = Store.open(paths.database_path(), read_only=True)  # works on a read-only folder
    try:
        if args.profile is not None:
            progress = progress_report_from_store(store, args.profile)
            path = export_progress_report(progress, args.format, args.out)
        else:
            report = class_report_from_store(store, args.session)
            path = export_class_report(report, args.format, args.out)
    finally:
        store.close()
    print(path)
    return 0


def _issuer_export(args: argparse.Namespace) -> int:
    pem = Issuer.load_or_create().public_pem()
    if args.out is None:
        sys.stdout.write(pem)
        return 0
    write_atomic(args.out, pem.encode("ascii"))
    print(args.out)
    return 0


def _path_or_none(value: object) -> Path | None:
    return Path(value) if isinstance(value, str) and value else None
