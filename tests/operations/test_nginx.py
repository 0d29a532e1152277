"""The shipped nginx site passes `nginx -t` as the guide installs it (#16, docs/operations.md
step 8), and it does what the guide says of it."""

import re

from tests.operations import proxy
from tests.operations.proxy import needs_nginx

HOST = "intl.example.se"


@needs_nginx
def test_the_shipped_site_passes_nginx_t(tmp_path):
    cert, key = proxy.certificate(tmp_path, HOST)
    conf = proxy.configuration(tmp_path, proxy.site(HOST, cert, key))

    result = proxy.check(conf)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


@needs_nginx
def test_nginx_t_fails_on_a_broken_site(tmp_path):
    # The check above can fail: the same wrapper with a certificate that is not there.
    cert, key = proxy.certificate(tmp_path, HOST)
    conf = proxy.configuration(tmp_path, proxy.site(HOST, tmp_path / "missing.pem", key))

    result = proxy.check(conf)

    assert result.returncode != 0
    assert "missing.pem" in result.stderr


def test_the_site_retries_the_other_instance_and_hides_its_version():
    text = proxy.SITE.read_text()
    upstream = re.search(r"upstream intl \{(.*?)\}", text, flags=re.DOTALL).group(1)
    servers = re.findall(r"^\s*server (\S+)(.*);", upstream, flags=re.MULTILINE)

    # Two instances, neither ever taken out of the rotation for failing while it restarts.
    assert [address for address, _ in servers] == ["127.0.0.1:8001", "127.0.0.1:8002"]
    assert all("max_fails=0" in options for _, options in servers)
    assert "proxy_next_upstream error timeout;" in text
    assert text.count("server_tokens off;") == text.count("server {")
    assert "location /media" not in text  # uploaded files only through the application
