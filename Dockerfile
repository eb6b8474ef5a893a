# aind-metadata-service behind gunicorn, with FreeTDS for LabTracks (MS SQL Server over ODBC).
FROM python:3.11-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends unixodbc tdsodbc \
 && rm -rf /var/lib/apt/lists/* \
 && { odbcinst -q -d -n FreeTDS >/dev/null 2>&1 \
      || printf '[FreeTDS]\nDescription=FreeTDS\nDriver=%s\n' "$(dpkg -L tdsodbc | grep 'libtdsodbc.so$')" >> /etc/odbcinst.ini; }

WORKDIR /app
COPY setup.cfg pyproject.toml README.md gunicorn.conf.py wsgi.py ./
COPY aind_metadata_service ./aind_metadata_service
RUN pip install --no-cache-dir ".[server]"

ENV LABTRACKS_ODBC_DRIVER=FreeTDS BEHIND_PROXY=true
RUN useradd --create-home app
USER app
EXPOSE 5000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "aind_metadata_service.app:create_app()"]
