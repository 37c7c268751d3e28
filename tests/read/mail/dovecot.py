"""A real IMAP server for the tests: Debian's dovecot on 127.0.0.1, throw-away.

Each server gets its own folder with a config written for the installed
dovecot (2.3 syntax; 2.4 renamed most settings and is refused with a reason),
a passwd-file user, and a self-signed certificate from ``trustme`` whose CA
the client is told to trust. Nothing outside that folder is touched.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "moderator"
PASSWORD = "correct-horse-battery"

CONFIG = """\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{folder}/cert.pem
ssl_key = <{folder}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    """A running server: where to connect, who to log in as, which CA to trust."""

    folder: Path
    port: int
    tls_port: int
    cafile: Path
    process: subprocess.Popen[bytes]
    user: str = USER
    password: str = PASSWORD

    def env(self, security: str = "imaps") -> dict[str, str]:
        """SPACES_IMAP_* variables that point the intake at this server."""
        return {
            "SPACES_IMAP_HOST": "127.0.0.1",
            "SPACES_IMAP_PORT": str(self.tls_port if security == "imaps"
                                    else self.port),
            "SPACES_IMAP_USER": self.user,
            "SPACES_IMAP_PASSWORD": self.password,
            "SPACES_IMAP_SECURITY": security,
            "SPACES_IMAP_CAFILE": str(self.cafile),
        }

    def stop(self) -> None:
        """Stop this server (only the process we started) and remove its folder."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def unavailable() -> str:
    """Why no dovecot can be started here, or '' when one can."""
    if not os.path.exists(DOVECOT):
        return ("dovecot is not installed (Debian package dovecot-imapd; "
                "`make test` installs it when run as root)")
    version = subprocess.run([DOVECOT, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    if not version.startswith("2.3."):
        return f"dovecot {version or '?'} found; this test writes 2.3 configuration"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start() -> Dovecot:
    """Start a fresh server; raises RuntimeError with its log if it will not run."""
    import trustme

    # pytest's tmp folders are private to root; dovecot's mail processes run as
    # an unprivileged user and must reach their home, so use an open folder.
    folder = Path(tempfile.mkdtemp(prefix="spaces-dovecot-"))
    folder.chmod(0o755)
    authority = trustme.CA()
    cert = authority.issue_cert("127.0.0.1", "localhost")
    cert.private_key_pem.write_to_path(str(folder / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    authority.cert_pem.write_to_path(str(folder / "ca.pem"))
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")

    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("nobody")
        login_user, internal_user = "dovenull", "dovecot"
    else:
        mail_user = pwd.getpwuid(os.geteuid())
        login_user = internal_user = mail_user.pw_name
    home = folder / "home" / USER
    home.mkdir(parents=True)
    for path in (folder / "home", home):
        os.chown(path, mail_user.pw_uid, mail_user.pw_gid)
    port, tls_port = _free_port(), _free_port()
    (folder / "dovecot.conf").write_text(CONFIG.format(
        folder=folder, port=port, tls_port=tls_port, uid=mail_user.pw_uid,
        gid=mail_user.pw_gid, login_user=login_user, internal_user=internal_user))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(folder / "dovecot.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Dovecot(folder, port, tls_port, folder / "ca.pem", process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", tls_port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    output = process.stdout.read().decode() if process.poll() is not None else ""
    log_file = folder / "dovecot.log"
    log = log_file.read_text() if log_file.exists() else ""
    server.stop()
    raise RuntimeError(f"dovecot did not start:\n{output}\n{log}")
