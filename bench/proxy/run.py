"""bench/proxy: a campaign page through the shipped nginx microcache, and from Django's cache.

One run, one machine, loopback only, wrk (an independent load generator, not Python) for
every figure:

- gunicorn (2 sync workers) serving the demo organisation from a throwaway SQLite database,
  with the page cache a site has (a file cache; settings `bench/proxy/settings.py`);
- nginx with `deploy/nginx/chorus.conf` as shipped, only made to run unprivileged on loopback:
  the TLS server becomes a plain one on a free port, the paths point into a temporary
  directory (cache, a 20 KB static file), the upstream is the gunicorn above.

Rounds alternate, each `--seconds` long:
- **microcache**: the Thai petition page through nginx, vs **static**: a 20 KB file nginx
  serves from disk. Goal: ≥ 0.5.
- **page cache**: the same page straight from gunicorn (Django's page cache, no query) vs
  **hello**: a bare Django view behind the same middleware. Goal: ≥ 0.8.

Checks: the page through nginx is the petition page with its form, the same each time, and
nginx said HIT for it after the first request (its `X-Chorus-Proxy-Cache` header); wrk saw no
response other than 2xx/3xx. Exits non-zero
when a check fails, not when a goal is missed. Skips itself (exit 0) without nginx or wrk
(`scripts/system-packages bench` installs them).

    .venv/bin/python -m bench.proxy.run [--seconds 8] [--rounds 3] [--connections 32]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "deploy" / "nginx" / "chorus.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
GOAL_PROXY = 0.5
GOAL_PAGE_CACHE = 0.8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_config(work: Path, nginx_port: int, web_port: int) -> Path:
    """The shipped recipe, made to run as this user on loopback (see the module docstring)."""
    site = RECIPE.read_text()
    site = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", site, count=1, flags=re.S)
    site = re.sub(
        r"    listen 443 ssl http2;\n    listen \[::\]:443 ssl http2;\n",
        f"    listen 127.0.0.1:{nginx_port};\n",
        site,
    )
    site = re.sub(r"\n    ssl_[^\n]*", "", site)
    site = site.replace("/var/cache/nginx/chorus", str(work / "cache"))
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{web_port};")
    site = site.replace("/srv/chorus/var/static/", f"{work / 'static'}/")
    site = site.replace("/srv/chorus/var/media/", f"{work / 'media'}/")
    site = site.replace("/var/log/nginx/chorus-error.log", str(work / "error.log"))
    if f"listen 127.0.0.1:{nginx_port};" not in site or "ssl_certificate" in site:
        raise SystemExit("bench/proxy: deploy/nginx/chorus.conf no longer has the shape this bench adapts")
    (work / "site.conf").write_text(site)
    temp = " ".join(
        f"{name}_temp_path {work / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = f"""worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    {temp}
    include {work / "site.conf"};
}}
"""
    (work / "nginx.conf").write_text(main)
    return work / "nginx.conf"


def get(url: str) -> tuple[int, str, bytes]:
    """(status, X-Chorus-Proxy-Cache, body) of a GET on loopback."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request("GET", parts.path)
        response = conn.getresponse()
        return response.status, response.getheader("X-Chorus-Proxy-Cache") or "", response.read()
    finally:
        conn.close()


def wait_for(url: str, patience: float = 60.0) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"bench/proxy: {url} never answered 200")


def wrk(url: str, seconds: float, connections: int) -> tuple[float, int, int]:
    """(requests per second, requests, non-2xx/3xx responses) from one wrk run."""
    out = subprocess.run(
        [WRK, "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, total, int(bad.group(1)) if bad else 0


def build_site(database: Path) -> str:
    """The demo organisation in a fresh database; returns the Thai petition's path."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.proxy.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "from wagtail.models import Locale\n"
        "from chorus.news.demo import load_demo_content\n"
        "from chorus.petitions.demo import load_demo_campaign\n"
        "call_command('migrate', verbosity=0, interactive=False)\n"
        "page = load_demo_campaign(load_demo_content())\n"
        "print(page.get_translation(Locale.objects.get(language_code='th')).url)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not (Path(NGINX).exists() and Path(WRK).exists()):
        print("bench/proxy: skipped (needs nginx and wrk: scripts/system-packages bench)")
        return 0

    work = Path(tempfile.mkdtemp(prefix="chorus-bench-proxy-"))
    work.chmod(0o755)  # nginx's workers run as another user when it is started as root
    for name in ("cache", "static", "media"):
        (work / name).mkdir()
    (work / "static" / "bench-20k.html").write_bytes(
        b"<!DOCTYPE html><title>20 KB</title><p>" + b"x" * (20 * 1024 - 40)
    )
    database = work / "site.sqlite3"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        page_path = build_site(database)
        web_port, nginx_port = free_port(), free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.proxy.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "CHORUS_BENCH_PAGES_CACHE": str(work / "pages"),
        }
        log = (work / "gunicorn.log").open("wb")
        processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "chorus.wsgi",
                    "-w",
                    "2",
                    "-b",
                    f"127.0.0.1:{web_port}",
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        web = f"http://127.0.0.1:{web_port}"
        wait_for(f"{web}/bench/hello/")
        config = nginx_config(work, nginx_port, web_port)
        subprocess.run([NGINX, "-t", "-q", "-c", str(config)], check=True)
        processes.append(subprocess.Popen([NGINX, "-c", str(config), "-g", "daemon off;"]))
        proxy = f"http://127.0.0.1:{nginx_port}"
        wait_for(f"{proxy}/static/bench-20k.html")

        states, bodies = [], set()
        for _ in range(3):
            status, state, body = get(f"{proxy}{page_path}")
            states.append(state)
            bodies.add(body)
            if status != 200 or b"/act/" not in body:
                raise SystemExit(
                    f"bench/proxy: the page through nginx gave {status} without the petition form"
                )
        if len(bodies) != 1:
            raise SystemExit("bench/proxy: nginx served two different pages")

        pairs = {
            "microcache": (f"{proxy}{page_path}", f"{proxy}/static/bench-20k.html", "static", GOAL_PROXY),
            "page cache": (f"{web}{page_path}", f"{web}/bench/hello/", "hello", GOAL_PAGE_CACHE),
        }
        rates: dict[str, list[float]] = {name: [] for pair in pairs.values() for name in (pair[0], pair[1])}
        failures = 0
        load_before = os.getloadavg()[0]
        for url in rates:  # warm-up
            wrk(url, 2, args.connections)
        for _ in range(args.rounds):
            for url in rates:
                rate, _total, bad = wrk(url, args.seconds, args.connections)
                rates[url].append(rate)
                failures += bad
        load_after = os.getloadavg()[0]
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.environ.get("CHORUS_BENCH_KEEP"):
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"bench/proxy: {args.rounds} rounds of {args.seconds:g} s, wrk -t2 -c{args.connections}, {platform.python_version()}"
    )
    print(f"load average before/after: {load_before:.2f} / {load_after:.2f}")
    print(f"nginx cache status of the page, three requests: {states}")
    for name, (page_url, base_url, base_name, goal) in pairs.items():
        page_rate, base_rate = statistics.median(rates[page_url]), statistics.median(rates[base_url])
        ratio = page_rate / base_rate
        print(
            f"{name:<11} page {page_rate:9.0f} req/s   {base_name:<7} {base_rate:9.0f} req/s   "
            f"ratio {ratio:.2f} ({'met' if ratio >= goal else 'missed'}: goal ≥ {goal})"
        )
    ok = failures == 0 and states[1:] == ["HIT", "HIT"]
    print(
        f"checks: {'ok' if ok else 'FAILED'} (non-2xx responses: {failures}; page HIT after the first request)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
