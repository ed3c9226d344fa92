"""Seizure drill: supporters sign through the HTTP form; a dump of the database and the logs
must not contain any of their names, email addresses or client addresses."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client

from chorus.actions.models import Action

from .helpers import petition_data

PEOPLE = [
    ("Wanida Phromma", "wanida.phromma@example.org", "198.51.100.23"),
    ("สมศรี ใจดี", "somsri.jaidee@example.net", "203.0.113.45"),
    ("李春花", "chunhua.li@example.com", "192.0.2.77"),
    ("정다은", "daeun.jung@example.org", "2001:db8::beef"),
]


def database_dump() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        if shutil.which("sqlite3") and os.path.exists(name):
            return subprocess.run(
                ["sqlite3", name, ".dump"], capture_output=True, text=True, check=True
            ).stdout
        return "\n".join(connection.connection.iterdump())
    env = {**os.environ, "PGPASSWORD": str(settings_dict.get("PASSWORD") or "")}
    command = [
        "pg_dump",
        "--host",
        str(settings_dict["HOST"] or "127.0.0.1"),
        "--port",
        str(settings_dict["PORT"] or 5432),
        "--username",
        str(settings_dict["USER"] or "postgres"),
        "--no-owner",
        str(settings_dict["NAME"]),
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout


@pytest.mark.django_db(transaction=True)
def test_a_seized_database_and_its_logs_reveal_no_supporter(light_campaign, org_key, caplog) -> None:
    campaign = light_campaign
    caplog.set_level(logging.DEBUG)
    for name, email, address in PEOPLE:
        client = Client()
        response = client.post(
            campaign.url + "sign/", petition_data(name=name, email=email), REMOTE_ADDR=address
        )
        assert response.status_code == 302
        client.get(response["Location"], REMOTE_ADDR=address)
    assert Action.objects.count() == len(PEOPLE)

    dump = database_dump()
    assert "CREATE TABLE" in dump and "actions_action" in dump  # a real dump of this database
    logs = caplog.text
    for name, email, address in PEOPLE:
        local = email.partition("@")[0]
        for secret in (name, email, local, address):
            assert secret not in dump, f"{secret!r} found in the database dump"
            assert secret not in logs, f"{secret!r} found in the logs"
