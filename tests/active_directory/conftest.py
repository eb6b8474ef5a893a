"""A real OpenLDAP slapd on loopback, loaded with a small directory of users, for the client's tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUFFIX = "dc=example,dc=test"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "root-secret"
BIND_DN, BIND_PASSWORD = f"cn=svc-metadata,ou=Service Accounts,{SUFFIX}", "svc-Pa55;word"

# Active Directory's own attribute and classes (their real OIDs), which OpenLDAP's schemas lack.
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch
  SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL
  MAY ( sAMAccountName $ mail $ displayName $ givenName $ userPassword ) )
objectclass ( 1.2.840.113556.1.3.30 NAME 'computer' SUP user STRUCTURAL )
"""

CONFIG = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
{schema}
pidfile {tmp}/slapd.pid
argsfile {tmp}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {tmp}/db
"""


def _user(cn: str, login: str, ou: str = "People") -> str:
    """One AD-shaped user entry as LDIF."""
    given, _, sn = cn.partition(" ")
    return (
        f"dn: cn={cn},ou={ou},{SUFFIX}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n"
        f"objectClass: user\ncn: {cn}\nsn: {sn or cn}\ngivenName: {given}\nsAMAccountName: {login}\n"
        f"mail: {login}@example.test\n\n"
    )


LDIF = (
    f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n"
    + "".join(
        f"dn: ou={ou},{SUFFIX}\nobjectClass: organizationalUnit\nou: {ou}\n\n"
        for ou in ("People", "Service Accounts", "Computers")
    )
    + f"dn: {BIND_DN}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n"
    f"cn: svc-metadata\nsn: svc-metadata\nsAMAccountName: svc-metadata\nuserPassword: {BIND_PASSWORD}\n\n"
    + _user("Jane Doe", "jane.doe")
    + _user("Rafael Ortiz", "rafael.ortiz")
    + _user("Alex Kim", "alex.kim")
    + _user("Alex Kim", "alex.kim2", ou="Service Accounts")
    + f"dn: cn=SPIM-ACQ-01,ou=Computers,{SUFFIX}\nobjectClass: top\nobjectClass: person\n"
    "objectClass: organizationalPerson\nobjectClass: user\nobjectClass: computer\ncn: SPIM-ACQ-01\nsn: SPIM-ACQ-01\n"
    "sAMAccountName: SPIM-ACQ-01$\n\n"
)


@dataclass
class Slapd:
    """A running slapd: its URL, and how to stop it early."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop the server (for the unreachable-directory test) and wait for it to exit."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _missing(what: str) -> None:
    """Skip on a developer machine without slapd; fail in CI, where .ci/run installs it."""
    if os.environ.get("CI"):
        pytest.fail(what)
    pytest.skip(what)


def _wait(url: str, process: subprocess.Popen[bytes], deadline_s: float = 10.0) -> None:
    """Until slapd answers an anonymous read of the root DSE."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end and process.poll() is None:
        probe = ["ldapsearch", "-x", "-H", url, "-b", "", "-s", "base", "-o", "nettimeout=1", "namingContexts"]
        if subprocess.run(probe, capture_output=True, timeout=5).returncode == 0:
            return
        time.sleep(0.1)
    _missing(f"slapd did not start on {url}")


def start_slapd(tmp: Path) -> Slapd:
    """Write the config, start slapd in the foreground as this user, and load the users with ldapadd."""
    if not (shutil.which("slapd") or Path("/usr/sbin/slapd").exists()) or not shutil.which("ldapadd"):
        _missing("slapd and ldap-utils are not installed (apt-get install slapd ldap-utils)")
    (tmp / "db").mkdir()
    config = CONFIG.format(schema=AD_SCHEMA, tmp=tmp, suffix=SUFFIX, root_dn=ROOT_DN, root_password=ROOT_PASSWORD)
    (tmp / "slapd.conf").write_text(config)
    url = f"ldap://127.0.0.1:{_free_port()}/"
    slapd = shutil.which("slapd") or "/usr/sbin/slapd"
    with (tmp / "slapd.log").open("wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen([slapd, "-d", "0", "-h", url, "-f", str(tmp / "slapd.conf")], stdout=log, stderr=log)
    _wait(url, process)
    add = ["ldapadd", "-x", "-H", url, "-D", ROOT_DN, "-w", ROOT_PASSWORD]
    subprocess.run(add, input=LDIF.encode(), check=True, capture_output=True, timeout=30)
    return Slapd(url, process)


@pytest.fixture(scope="session")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slapd]:
    """One slapd for the session, stopped at the end."""
    server = start_slapd(tmp_path_factory.mktemp("slapd"))
    yield server
    server.stop()
