"""Helpers for the reliability tests: which database runs, a real app server (gunicorn)
against the test database, and a small HTTP client that logs in through the login page.

Every request goes to 127.0.0.1 only, and every loop is bounded in count and time."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def require_postgres() -> None:
    """Skip (with the reason) unless the tests run on PostgreSQL: a separate server
    process can only reach the test database there (SQLite's test database is in memory)."""
    if not is_postgres():
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL=postgres://…): the server process "
            "must reach the test database"
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    host = s.get("HOST") or LOOPBACK
    port = s.get("PORT") or 5432
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


def server_env(media_root: Path, static_root: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.reliability.server_settings",
        DATABASE_URL=database_url(),
        DEBUG="false",
        SECRET_KEY="reliability-" + "k" * 50,
        ALLOWED_HOSTS=f"{LOOPBACK},localhost",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(static_root),
        CONN_MAX_AGE="60",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """`collectstatic` under production settings once per run: the manifest the pages'
    {% static %} tags read with DEBUG off."""
    static_root = tmp_path_factory.mktemp("static")
    env = server_env(static_root.parent / "unused-media", static_root)
    env["DATABASE_URL"] = "sqlite:///:memory:"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=180,
    )
    return static_root


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_gunicorn(env: dict[str, str], log: Path, workers: int = 2) -> Server:
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "genderplan.wsgi:application",
            "--bind",
            f"{LOOPBACK}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            conn = http.client.HTTPConnection(LOOPBACK, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return Server(f"http://{LOOPBACK}:{port}", port, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


# --------------------------------------------------------------------------------------
# A browser-like client: cookies, CSRF from the login page, HTMX headers
# --------------------------------------------------------------------------------------
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION_INPUT = re.compile(r'name="base_version"[^>]*value="(\d+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


@dataclass
class WebUser:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    log: list[tuple[str, str, int, float]] = field(default_factory=list)
    timeout: float = 30.0

    def request(
        self, method: str, path: str, data: dict | None = None, *, htmx: bool = False
    ) -> Response:
        headers = {"Host": f"{LOOPBACK}:{self.port}", "User-Agent": "genderplan-reliability"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(data or {}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://{LOOPBACK}:{self.port}{path}"
        if htmx:
            headers["HX-Request"] = "true"
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for value in raw.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            resp = Response(raw.status, dict(raw.headers.items()), text, time.perf_counter() - t0)
        finally:
            conn.close()
        self.log.append((method, path, resp.status, resp.seconds))
        return resp

    def login(self, username: str, password: str) -> Response:
        page = self.request("GET", "/dang-nhap/")
        token = _CSRF_INPUT.search(page.body)
        assert token, f"no CSRF token on the login page ({page.status})"
        return self.request(
            "POST",
            "/dang-nhap/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
        )


def base_version(html: str) -> int | None:
    found = _VERSION_INPUT.findall(html)
    return int(found[-1]) if found else None


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
