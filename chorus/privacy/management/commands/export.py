"""`chorus export`: supporters' sealed details, decrypted only where the private key is.

    on the server:         chorus export --sealed-out FILE [--page ID]
    on your own machine:   chorus export --private-key KEY [--private-key OLD ...] --in FILE --out CSV
    connected remotely:    chorus export --private-key KEY [...] --out CSV   (reads the database)

The middle form needs no database; `chorus.cli` runs it before Django is configured (see
chorus.privacy.offline). It is accepted here too, for `manage.py export`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chorus.core.errors import UserFacingError
from chorus.privacy.export import ExportError, export_csv, write_sealed
from chorus.privacy.offline import decrypt_export
from chorus.privacy.services.exports import active_public_key, sealed_records
from chorus.supporters.keyfiles import KeyFileError, open_key_files


class Command(BaseCommand):
    help = (
        "Export supporters' sealed details: sealed on the server, decrypted to CSV where the private key is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sealed-out", metavar="FILE", help="write the sealed records (still encrypted) as JSON lines"
        )
        parser.add_argument("--page", type=int, metavar="ID", help="only the actions of this campaign page")
        parser.add_argument(
            "--private-key",
            action="append",
            default=[],
            metavar="KEYFILE",
            help="a private key file; repeat for older keys",
        )
        parser.add_argument(
            "--passphrase-file",
            action="append",
            default=[],
            metavar="FILE",
            help="passphrase file (one, or one per key)",
        )
        parser.add_argument(
            "--in", dest="in_file", metavar="FILE", help="a sealed export to decrypt (no database needed)"
        )
        parser.add_argument("--out", metavar="CSV", help="the CSV file to write")
        parser.add_argument(
            "--skip-unopenable", action="store_true", help="leave out records sealed to keys not given"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._handle(options)
        except (ExportError, KeyFileError) as error:
            raise CommandError(str(error)) from error
        except UserFacingError as error:
            raise CommandError(str(error.message)) from error

    def _handle(self, options: dict[str, Any]) -> None:
        keys, out, in_file = options["private_key"], options["out"], options["in_file"]
        if options["sealed_out"]:
            if keys or in_file or out:
                raise CommandError("--sealed-out needs no key: the private key never comes to the server.")
            key = active_public_key()
            count = write_sealed(
                sealed_records(options["page"]), options["sealed_out"], bytes(key.public_key)
            )
            self.stdout.write(
                f"Wrote {count} sealed records to {options['sealed_out']}, sealed to the key {key.fingerprint}. They are "
                "still encrypted: copy the file "
                "to the machine where the private key is and run\n"
                f"  chorus export --private-key KEYFILE --in {options['sealed_out']} --out supporters.csv"
            )
            return
        if not keys or not out:
            raise CommandError(
                "Give --sealed-out FILE (on the server), or --private-key KEYFILE --out CSV with --in FILE "
                "(on your own machine)."
            )
        if in_file:
            self.stdout.write(
                decrypt_export(in_file, keys, options["passphrase_file"], out, options["skip_unopenable"])
            )
            return
        private_keys = [opened.private_key for opened in open_key_files(keys, options["passphrase_file"])]
        summary = export_csv(
            sealed_records(options["page"]), private_keys, out, skip_unopenable=options["skip_unopenable"]
        )
        self.stdout.write(
            f"Wrote {summary.rows} records to {out}. It holds personal data in plain text: keep it off shared "
            "drives and delete it when done."
        )
