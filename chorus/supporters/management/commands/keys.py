"""`chorus keys`: the organisation key pair that seals supporters' details.

chorus keys generate --out FILE [--passphrase-file F]   the first key pair
chorus keys rotate --out FILE [--passphrase-file F]     a new key pair; the old one is retired
chorus keys list                                        fingerprints, state, dates
chorus keys server-key                                  a new CHORUS_SERVER_KEY value
chorus keys dev                                         `make run` only: a development key under var/
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from nacl.public import PrivateKey

from chorus.core.crypto import generate_server_key
from chorus.supporters import services
from chorus.supporters.keyfiles import (
    DEVELOPMENT_PASSPHRASE,
    KeyFileError,
    ask_new_passphrase,
    check_passphrase,
    open_key_file,
    read_passphrase_file,
    write_key_file,
)
from chorus.supporters.models import OrganisationKey

DEVELOPMENT_KEY_FILE = "dev-org-private.key"


class Command(BaseCommand):
    help = "Manage the organisation key pair that seals supporters' personal details."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{generate,rotate,list,server-key}"
        )
        for name, text in (
            ("generate", "create the organisation's first key pair"),
            ("rotate", "create a new key pair and retire the active one (kept for older data)"),
        ):
            sub = commands.add_parser(name, help=text)
            sub.add_argument(
                "--out", required=True, help="file for the passphrase-protected private key (must not exist)"
            )
            sub.add_argument(
                "--passphrase-file", help="read the passphrase from this file instead of asking twice"
            )
        commands.add_parser("list", help="list the keys: fingerprint, active or retired, dates")
        commands.add_parser("server-key", help="print a new random value for CHORUS_SERVER_KEY")
        commands.add_parser("dev", help="development only: make a key under var/ if there is none")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)
        except (KeyFileError, services.KeyAlreadyActive) as error:
            raise CommandError(str(error)) from error

    def _server_key(self, options: dict[str, Any]) -> None:
        self.stdout.write(generate_server_key())

    def _list(self, options: dict[str, Any]) -> None:
        summaries = services.key_summaries()
        if not summaries:
            self.stdout.write("No organisation key yet: run `chorus keys generate --out FILE`.")
            return
        for key in summaries:
            state = "active " if key.active else "retired"
            retired = f", retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else ""
            self.stdout.write(
                f"{key.fingerprint}  {state}  created {key.created_at:%Y-%m-%d %H:%M}{retired}; "
                f"opens {key.sealed_actions} actions"
            )

    def _generate(self, options: dict[str, Any]) -> None:
        self._new_key(options, rotate=False)

    def _rotate(self, options: dict[str, Any]) -> None:
        self._new_key(options, rotate=True)

    def _new_key(self, options: dict[str, Any], *, rotate: bool) -> None:
        current = OrganisationKey.objects.filter(active=True).first()
        if current is not None and not rotate:
            raise services.KeyAlreadyActive(current)
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} already exists; choose another file name (nothing was changed).")
        if options["passphrase_file"]:
            passphrase = check_passphrase(read_passphrase_file(options["passphrase_file"]))
        else:
            passphrase = ask_new_passphrase()
        private = PrivateKey.generate()
        write_key_file(out, private, passphrase)
        try:
            new, retired = services.register_organisation_key(bytes(private.public_key), rotate=rotate)
        except BaseException:
            # Nothing was sealed to this key: the file is of no use, and confusing if kept.
            out.unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"New organisation key {new.fingerprint} is active."))
        if retired is not None:
            self.stdout.write(
                f"The previous key {retired.fingerprint} is retired: nothing new is sealed to it, but keep its "
                "private key file, because older records can only be opened with it."
            )
        self.stdout.write(
            f"\nThe private key is in {out.resolve()}, protected by your passphrase.\n"
            "Move this file off the server now: copy it to two offline places that you control (for example "
            "two USB sticks kept in different locations), check that the copies open, then delete it here.\n"
            "Anyone with the file and the passphrase can read every supporter's details. Without them, "
            "nobody can, including you: if both copies or the passphrase are lost, the details are lost."
        )

    def _dev(self, options: dict[str, Any]) -> None:
        if not settings.DEBUG:
            raise CommandError("`chorus keys dev` is for development only (DEBUG is off).")
        if OrganisationKey.objects.filter(active=True).exists():
            return
        path = Path(settings.VAR_DIR) / DEVELOPMENT_KEY_FILE
        if path.exists():
            # The database was reset but the key file from before is still here: use it again.
            private = open_key_file(path, DEVELOPMENT_PASSPHRASE).private_key
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            private = PrivateKey.generate()
            write_key_file(path, private, DEVELOPMENT_PASSPHRASE)
        new, _retired = services.register_organisation_key(bytes(private.public_key), rotate=False)
        self.stdout.write(
            self.style.WARNING(
                f"Development organisation key {new.fingerprint} created (for development only, never for real data):\n"
                f"  private key: {path}\n"
                f"  passphrase:  {DEVELOPMENT_PASSPHRASE}\n"
                f"  export with: DJANGO_SETTINGS_MODULE=chorus.settings.dev chorus export --private-key {path} "
                "--out signatures.csv"
            )
        )
