"""nginx for the operations tests (#16): deploy/nginx/intl.conf rendered as docs/operations.md's
step 8 says (the service's host name, the certificate's two paths), inside a minimal nginx.conf
of the test's own (prefix, pid, logs and temporary files in a temporary directory).

The site file is changed only where the guide says an operator changes it, plus, for a running
proxy, the ports: every replacement must find its text, so the shipped file cannot drift away
from what is tested.
"""

import os
import signal
import socket
import ssl
import subprocess
import time
from http.client import HTTPSConnection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "intl.conf"
NGINX = Path("/usr/sbin/nginx")
SHIPPED_HOST = "intl.vimmerby.se"
SHIPPED_CERTIFICATE = "/etc/ssl/intl/fullchain.pem"
SHIPPED_KEY = "/etc/ssl/intl/privkey.pem"

needs_nginx = pytest.mark.skipif(
    not NGINX.exists(),
    reason="nginx is not installed (/usr/sbin/nginx; apt-get install nginx, as .ci/run does)",
)


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx/intl.conf no longer has {old!r}"
    return text.replace(old, new)


def certificate(directory: Path, host: str) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for ``host``: (certificate, key)."""
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={host}"]
        + ["-addext", f"subjectAltName=DNS:{host}"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def site(host: str, cert: Path, key: Path, ports: dict[int, int] | None = None) -> str:
    """The shipped site with the guide's changes; with ``ports`` (shipped port -> port here,
    e.g. {443: 40123, 8001: 40124}) also moved to free ports on loopback, IPv4 only."""
    text = SITE.read_text()
    text = _replace(text, f"server_name {SHIPPED_HOST};", f"server_name {host};")
    text = _replace(text, SHIPPED_CERTIFICATE, str(cert))
    text = _replace(text, SHIPPED_KEY, str(key))
    if ports:
        # The machine running the test may have no IPv6; the IPv4 lines are the same servers.
        text = "\n".join(line for line in text.splitlines() if "listen [::]:" not in line)
        for shipped, here in ports.items():
            if shipped in (80, 443):
                text = _replace(text, f"listen {shipped}", f"listen 127.0.0.1:{here}")
            else:
                text = _replace(text, f"127.0.0.1:{shipped} ", f"127.0.0.1:{here} ")
    return text


def configuration(directory: Path, site_text: str) -> Path:
    """A minimal nginx.conf around the site, everything nginx writes kept in ``directory``."""
    (directory / "intl.conf").write_text(site_text)
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private tmp.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temporary = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = directory / "nginx.conf"
    path.write_text(
        f"{user}worker_processes 1;\n"
        "daemon off;\n"
        f"pid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    access_log {directory / 'access.log'};\n"
        f"{temporary}\n"
        f"    include {directory / 'intl.conf'};\n"
        "}\n"
    )
    return path


def command(conf: Path) -> list[str]:
    directory = conf.parent
    return [str(NGINX), "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")]


def check(conf: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on the configuration."""
    return subprocess.run(command(conf) + ["-t"], capture_output=True, text=True, timeout=60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """nginx in the foreground, started by ``start`` and stopped (gracefully) by ``stop``."""

    def __init__(self, conf: Path):
        self.conf = conf
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            command(self.conf), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def errors(self) -> str:
        path = self.conf.parent / "error.log"
        return path.read_text() if path.exists() else ""


class Client:
    """HTTPS to nginx on loopback with the service's host name (SNI and Host), trusting the
    test's certificate only."""

    def __init__(self, port: int, host: str, cert: Path):
        self.port, self.host = port, host
        self.context = ssl.create_default_context(cafile=str(cert))

    def get(self, path: str, timeout: float = 30) -> tuple[int, dict, bytes]:
        connection = _Connection(self.host, self.port, timeout=timeout, context=self.context)
        try:
            connection.request("GET", path, headers={"Host": self.host})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_until_up(self, seconds: float = 30):
        deadline = time.monotonic() + seconds
        while True:
            try:
                if self.get("/healthz", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("nginx did not pass /healthz on")
            time.sleep(0.2)


class _Connection(HTTPSConnection):
    """Connects to loopback while naming the service's host in the TLS handshake."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
