"""A real IMAP server for the tests: Debian's dovecot on 127.0.0.1, throw-away.

Each server gets its own folder with a config written for the installed
dovecot (2.3, as in Debian 12, or 2.4, which renamed most settings),
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

CONFIG_23 = """\
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
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""
# TODO: written from the 2.4 documentation and not yet run (Debian 12 ships
# 2.3); a machine with 2.4 fails the IMAP tests with dovecot's own log if wrong.
CONFIG_24 = """\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_server_cert_file = {folder}/cert.pem
ssl_server_key_file = {folder}/key.pem
ssl_min_protocol = TLSv1.2
auth_allow_cleartext = no
auth_mechanisms = plain
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_driver = maildir
mail_path = ~/Maildir
passdb_default_password_scheme = PLAIN
passdb passwd-file {{
  passwd_file_path = {folder}/passwd
}}
userdb static {{
  fields {{
    uid = {uid}
    gid = {gid}
    home = {folder}/home/%{{user}}
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
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


def installed_version() -> str:
    """``dovecot --version`` of the installed server, '' when there is none."""
    if not os.path.exists(DOVECOT):
        return ""
    return subprocess.run([DOVECOT, "--version"], capture_output=True, text=True,
                          check=False).stdout.strip()


def unavailable() -> str:
    """Why no dovecot can be started here, or '' when one can."""
    version = installed_version()
    if not version:
        return ("dovecot is not installed (Debian package dovecot-imapd; "
                "`make test` installs it when run as root)")
    if not version.startswith(("2.3.", "2.4.")):
        return f"dovecot {version} found; these tests write 2.3 or 2.4 configuration"
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
    config = CONFIG_24 if installed_version().startswith("2.4.") else CONFIG_23
    (folder / "dovecot.conf").write_text(config.format(
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
