"""The commands that run on an operator's own machine, with no database and no settings.

`chorus.cli` sends these here before Django is configured:

    chorus export --private-key KEY [--private-key OLDKEY ...] --in SEALED --out CSV
    chorus keys server-key

Production settings insist on SECRET_KEY and a database URL; an operator decrypting an export
on a laptop has neither, and must not need them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from chorus.core.crypto import generate_server_key
from chorus.supporters.keyfiles import KeyFileError, open_key_files

from .export import ExportError, export_csv, read_sealed


def export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chorus export",
        description="Decrypt a sealed export (made on the server with --sealed-out) to CSV, on your own machine.",
    )
    parser.add_argument(
        "--in", dest="in_file", required=True, metavar="SEALED", help="the sealed export file"
    )
    parser.add_argument(
        "--private-key",
        action="append",
        required=True,
        metavar="KEYFILE",
        help="a private key file; repeat for records sealed to older (rotated) keys",
    )
    parser.add_argument(
        "--passphrase-file",
        action="append",
        default=[],
        metavar="FILE",
        help="file holding the passphrase (one for all keys, or one per --private-key); asked on the terminal otherwise",
    )
    parser.add_argument("--out", required=True, metavar="CSV", help="the CSV file to write (UTF-8 with BOM)")
    parser.add_argument(
        "--skip-unopenable",
        action="store_true",
        help="leave out records sealed to keys not given, instead of stopping",
    )
    return parser


def decrypt_export(
    in_file: str, key_files: list[str], passphrase_files: list[str], out: str, skip: bool
) -> str:
    """Decrypt SEALED to CSV; returns the message for the operator. Raises ExportError/KeyFileError."""
    keys = [opened.private_key for opened in open_key_files(key_files, passphrase_files)]
    summary = export_csv(read_sealed(in_file, keys), keys, out, skip_unopenable=skip)
    message = f"Wrote {summary.rows} records to {out}. It holds personal data in plain text: keep it off shared drives and delete it when done."
    if summary.unopened:
        message += (
            f"\nLeft out {sum(summary.unopened.values())} records sealed to keys not given: "
            + ", ".join(summary.unopened)
        )
    return message


def run_offline(command: str, argv: Sequence[str]) -> int | None:
    """Run `command` here if it is an offline one; None means: let Django handle it."""
    args = list(argv)
    if command == "keys" and args[:1] == ["server-key"]:
        print(generate_server_key())
        return 0
    if command == "export" and any(arg == "--in" or arg.startswith("--in=") for arg in args):
        options = export_parser().parse_args(args)
        try:
            message = decrypt_export(
                options.in_file,
                options.private_key,
                options.passphrase_file,
                options.out,
                options.skip_unopenable,
            )
        except (ExportError, KeyFileError) as error:
            print(f"chorus export: {error}", file=sys.stderr)
            return 1
        print(message)
        return 0
    return None
