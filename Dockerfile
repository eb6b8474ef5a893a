# aind-metadata-service behind gunicorn, with FreeTDS for LabTracks (MS SQL Server over ODBC).
# Checked with hadolint (tests/test_docker.py); see the README's "Deploying" for what was and was not run.
FROM python:3.11.13-slim-bookworm

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# Debian's security updates land under the same package names; pinning their versions would break the build
# each time the archive moves on.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends unixodbc tdsodbc \
 && rm -rf /var/lib/apt/lists/* \
 && { odbcinst -q -d -n FreeTDS >/dev/null 2>&1 \
      || printf '[FreeTDS]\nDescription=FreeTDS\nDriver=%s\n' "$(dpkg -L tdsodbc | grep 'libtdsodbc.so$')" >> /etc/odbcinst.ini; }

WORKDIR /app

# Dependencies in their own layer: it is rebuilt only when setup.cfg or pyproject.toml change. The package is a
# stub here (setup.cfg reads the version from it and the long description from README.md), removed again after.
# The dependencies' versions are bounded in setup.cfg's extras.
COPY setup.cfg pyproject.toml ./
# hadolint ignore=DL3013
RUN mkdir aind_metadata_service \
 && echo '__version__ = "0"' > aind_metadata_service/__init__.py \
 && touch README.md \
 && pip install ".[server]" \
 && pip uninstall -y aind-metadata-service \
 && rm -rf aind_metadata_service README.md build ./*.egg-info

# The code: a change here reinstalls this package only.
COPY README.md gunicorn.conf.py wsgi.py ./
COPY aind_metadata_service ./aind_metadata_service
RUN pip install --no-deps . && rm -rf build ./*.egg-info

# BEHIND_PROXY stays off: `docker run -p 5000:5000` exposes gunicorn directly, and forwarded headers would be
# trusted from anyone. docker-compose.yml turns it on, where nginx is the only way in.
ENV LABTRACKS_ODBC_DRIVER=FreeTDS BEHIND_PROXY=false
RUN useradd --create-home --uid 10001 app
# Numeric, so a runtime that checks for a non-root user can see it is one. ~/.aws mounts at /home/app/.aws.
USER 10001:10001
ENV HOME=/home/app
EXPOSE 5000
# /readyz: 503 until the app is built and while a required source fails its checks. The slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/readyz', timeout=4)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "aind_metadata_service.app:create_app()"]
