"""Gunicorn settings used by `chorus serve`.

The access log format leaves out the client address (%(h)s) and the forwarded-for header on
purpose, and every access and error log line goes through chorus.core.private_logs, so no
request — however malformed — writes a supporter's IP address anywhere.

Before it forks its workers the server runs Chorus's deployment checks and refuses to start on
an error (for example several workers without a shared cache: chorus.E001).
"""

import os
import sys

workers = int(os.environ.get("CHORUS_WEB_WORKERS") or "2")
worker_class = "sync"
timeout = 30
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
logger_class = "chorus.core.private_logs.PrivateGunicornLogger"
forwarded_allow_ips = os.environ.get("CHORUS_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: nothing uses it, and every server on the machine would share its path.
control_socket_disable = True


def on_starting(server: object) -> None:
    import django
    from django.core import checks

    django.setup()
    errors = [
        message
        for message in checks.run_checks(tags=["chorus"], include_deployment_checks=True)
        if message.is_serious()
    ]
    if errors:
        for message in errors:
            print(f"Chorus cannot start: {message}", file=sys.stderr, flush=True)
        sys.exit(3)
