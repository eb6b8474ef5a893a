"""The Dockerfile, docker-compose.yml and nginx.conf: linted, and saying what the README says."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
NGINX = (ROOT / "nginx.conf").read_text()
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A linter from the dev extra (or the PATH); skipped when missing, except in CI."""
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        message = f"{name} is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    """A command in the repository root, its output kept for the assertion message."""
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    linted = run(tool("hadolint"), "--no-color", "Dockerfile")
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_compose_file_is_valid_against_the_compose_specification() -> None:
    checked = run(tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_base_image_is_pinned_to_a_patch_version() -> None:
    assert re.search(r"^FROM python:3\.\d+\.\d+-slim-\w+$", DOCKERFILE, re.M)
    for service in ("nginx", "redis"):
        assert re.fullmatch(r"[\w/]+:\d+\.\d+\.\d+-\w+", COMPOSE["services"][service]["image"]), service


def test_dependencies_are_installed_in_a_layer_before_the_code_is_copied() -> None:
    install_deps = DOCKERFILE.index('pip install ".[server]"')
    assert DOCKERFILE.index("COPY setup.cfg pyproject.toml ./") < install_deps
    assert install_deps < DOCKERFILE.index("COPY aind_metadata_service ./aind_metadata_service")
    assert "pip install --no-deps ." in DOCKERFILE


def test_the_container_runs_as_a_user_and_checks_readiness_without_trusting_proxies() -> None:
    assert re.search(r"^USER 10001", DOCKERFILE, re.M)
    assert re.search(r"^HEALTHCHECK .*\n.*/readyz", DOCKERFILE, re.M)
    assert "BEHIND_PROXY=false" in DOCKERFILE and "BEHIND_PROXY=true" not in DOCKERFILE


def test_compose_trusts_the_proxy_only_behind_nginx_and_shares_answers_through_redis() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"metadata", "nginx", "redis"}
    assert services["metadata"]["environment"]["BEHIND_PROXY"] == "true"
    assert services["metadata"]["environment"]["REDIS_URL"].startswith("redis://redis:6379")
    assert "/readyz" in " ".join(services["metadata"]["healthcheck"]["test"])
    assert "ports" not in services["metadata"]  # only nginx is reachable from outside
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]


def test_nginx_waits_a_little_longer_than_gunicorns_timeout() -> None:
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", NGINX).group(1))  # type: ignore[union-attr]
    gunicorn_timeout = int(COMPOSE["services"]["metadata"]["environment"]["GUNICORN_TIMEOUT"])
    assert gunicorn_timeout < read_timeout <= gunicorn_timeout + 10
    assert "large_client_header_buffers" in NGINX and "client_max_body_size" in NGINX


def test_the_readme_shows_the_nginx_conf_that_compose_mounts() -> None:
    readme = (ROOT / "README.md").read_text()
    shown = re.findall(r"```nginx\n(.+?)```", readme, re.S)
    assert shown == [NGINX]


def _nginx() -> str:
    """The nginx binary; skipped when missing, except in CI."""
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if nginx is None:
        assert not os.environ.get("CI"), "CI requires nginx: apt-get install nginx-light"
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    return nginx


def _site(tmp_path: Path, upstream: str, listen: str = "80") -> Path:
    """The README's nginx.conf as written, but for the upstream and listening address, in a config of its own."""
    site = NGINX.replace("server metadata:5000;", f"server {upstream};").replace("listen 80;", f"listen {listen};")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; daemon off; events {{}}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; "
        f"include {tmp_path}/site.conf; }}\n"
    )
    return tmp_path / "nginx.conf"


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until_up(url: str) -> None:
    """Wait (at most 60 s) until the URL answers at all."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    # "metadata" resolves only inside compose's network; everything else is checked as written.
    config = _site(tmp_path, "127.0.0.1:5000")
    checked = run(_nginx(), "-t", "-q", "-p", str(tmp_path), "-c", str(config))
    assert checked.returncode == 0, checked.stderr


def test_behind_the_readmes_nginx_answers_pass_through_and_over_long_urls_are_refused_in_json(tmp_path: Path) -> None:
    nginx, app_port, proxy_port = _nginx(), _free_port(), _free_port()
    config = _site(tmp_path, f"127.0.0.1:{app_port}", f"127.0.0.1:{proxy_port}")
    env = {**os.environ, "AIND_LOG_LEVEL": "WARNING", "BEHIND_PROXY": "true"}
    service = subprocess.Popen([str(BIN / "aind-metadata-service"), "serve", "--demo", "--workers", "1", "--port",
                                str(app_port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(config)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{proxy_port}"
    try:
        _until_up(f"http://127.0.0.1:{app_port}/livez")
        _until_up(f"{base}/livez")
        answer = requests.get(f"{base}/subject/775745", headers={"X-Request-ID": "nb-42"}, timeout=30)
        long_name = requests.get(f"{base}/protocols/{'p' * 9000}", timeout=30)  # nginx passes it, gunicorn refuses
        too_long = requests.get(f"{base}/protocols/{'p' * 40000}", timeout=30)  # past nginx's own buffers
    finally:
        proxy.terminate()
        service.terminate()
        proxy.wait(timeout=30)
        service.wait(timeout=30)
    assert answer.status_code == 200 and answer.json()["message"] == "Valid subject for 775745."
    assert answer.headers["X-Request-ID"] == "nb-42" and answer.headers["X-Service-Version"]
    assert long_name.status_code == 414 and long_name.json() == {
        "message": "The request line is longer than 8190 bytes.", "data": None}
    assert too_long.status_code in (400, 414) and "nginx" in too_long.text
