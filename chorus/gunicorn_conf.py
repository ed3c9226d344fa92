"""Gunicorn settings used by `chorus serve`.

The access log format leaves out the client address (%(h)s) and the forwarded-for
header on purpose: supporters' IP addresses are never written anywhere.
"""

import os

workers = int(os.environ.get("CHORUS_WEB_WORKERS", "2"))
worker_class = "sync"
timeout = 30
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("CHORUS_FORWARDED_ALLOW_IPS", "127.0.0.1")
