"""A stand-in for GitHub's REST API on 127.0.0.1, for PyGithub to talk to.

It keeps one repository in memory (refs, files per branch, pull requests,
issues, comments, labels), answers with its own address in every ``url`` field
and ``Link`` header, pages every list ``page_size`` items at a time, and records
each call as ``(METHOD, path?query, json body)`` so tests can assert exactly what
the forge asked for. ``rate_limit_next`` makes the next N calls answer 403 with
``X-RateLimit-Remaining: 0``, as GitHub does when the budget is spent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

STAMP = "2027-03-05T10:00:00Z"


class GitHubStandIn:
    """In-memory repository ``owner/name`` served over HTTP on loopback."""

    def __init__(self, repository: str = "migration-network/discussion-spaces",
                 page_size: int = 2) -> None:
        self.repository = repository
        self.owner = repository.split("/")[0]
        self.page_size = page_size
        self.calls: list[tuple[str, str, Any]] = []
        self.refs: dict[str, str] = {"main": self._sha("main")}
        self.files: dict[str, dict[str, str]] = {"main": {}}
        self.pulls: dict[int, dict[str, Any]] = {}
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[str]] = {}
        self.next_number = 100
        self.rate_limit_next = 0
        self.reset_at = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> GitHubStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- state -----------------------------------------------------------------

    @staticmethod
    def _sha(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def add_issue(self, number: int, body: str) -> None:
        self.issues[number] = {"body": body, "state": "open", "labels": [],
                               "state_reason": None}
        self.comments.setdefault(number, [])

    def api(self, path: str) -> str:
        return f"{self.url}/repos/{self.repository}{path}"

    def _pull_json(self, number: int) -> dict[str, Any]:
        pull = self.pulls[number]
        return {
            "number": number, "id": number, "url": self.api(f"/pulls/{number}"),
            "html_url": f"{self.url}/{self.repository}/pull/{number}",
            "issue_url": self.api(f"/issues/{number}"),
            "title": pull["title"], "body": pull["body"], "state": pull["state"],
            "merged": pull["merged"], "created_at": STAMP, "updated_at": STAMP,
            "user": {"login": "github-actions[bot]", "type": "Bot"},
            "head": {"ref": pull["head"], "label": f"{self.owner}:{pull['head']}",
                     "sha": self.refs.get(pull["head"], "0" * 40),
                     "repo": {"full_name": pull.get("head_repo", self.repository),
                              "url": self.api(""), "name": "r",
                              "owner": {"login": self.owner}}},
            "base": {"ref": pull["base"], "label": f"{self.owner}:{pull['base']}"},
            "labels": [self._label(name) for name in self.issue_labels(number)],
        }

    def issue_labels(self, number: int) -> list[str]:
        return self.issues.setdefault(number, {"body": "", "state": "open",
                                               "labels": [], "state_reason": None}
                                      )["labels"]

    def _label(self, name: str) -> dict[str, Any]:
        return {"name": name, "url": self.api(f"/labels/{name}"), "color": "ededed"}

    def _content(self, branch: str, path: str) -> dict[str, Any]:
        text = self.files[branch][path]
        return {"type": "file", "encoding": "base64", "path": path,
                "name": path.rsplit("/", 1)[-1], "sha": self._sha(text),
                "size": len(text.encode("utf-8")),
                "content": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                "url": self.api(f"/contents/{path}?ref={branch}")}

    def _commit(self, branch: str) -> dict[str, Any]:
        sha = self._sha(json.dumps(self.files[branch], sort_keys=True))
        self.refs[branch] = sha
        return {"sha": sha, "url": self.api(f"/git/commits/{sha}")}

    # -- HTTP ------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _do(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                data = json.loads(raw) if raw else None
                parts = urlsplit(self.path)
                standin.calls.append((self.command, self.path, data))
                if standin.rate_limit_next:
                    standin.rate_limit_next -= 1
                    self._send(403, {"message": "API rate limit exceeded"},
                               {"X-RateLimit-Remaining": "0",
                                "X-RateLimit-Reset": str(standin.reset_at)})
                    return
                status, body, headers = standin.route(
                    self.command, unquote(parts.path), parse_qs(parts.query), data)
                self._send(status, body, headers)

            def _send(self, status: int, body: Any,
                      headers: dict[str, str] | None = None) -> None:
                payload = b"" if status == 204 else json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in {"X-RateLimit-Remaining": "4999",
                                   **(headers or {})}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _do

        return Handler

    def _page(self, path: str, query: dict[str, list[str]],
              items: list[Any]) -> tuple[int, Any, dict[str, str]]:
        page = int(query.get("page", ["1"])[0])
        size = min(int(query.get("per_page", [str(self.page_size)])[0]),
                   self.page_size)
        chunk = items[(page - 1) * size: page * size]
        headers = {}
        if page * size < len(items):
            rest = {k: v[0] for k, v in query.items() if k != "page"}
            qs = "&".join(f"{k}={v}" for k, v in sorted(rest.items()))
            headers["Link"] = (f'<{self.url}{path}?{qs}&page={page + 1}>; rel="next", '
                               f'<{self.url}{path}?{qs}&page='
                               f'{-(-len(items) // size)}>; rel="last"')
        return 200, chunk, headers

    def route(self, method: str, path: str, query: dict[str, list[str]],
              data: Any) -> tuple[int, Any, dict[str, str]]:
        prefix = f"/repos/{self.repository}"
        if not path.startswith(prefix):
            return 404, {"message": "Not Found"}, {}
        rest = path[len(prefix):]
        not_found = (404, {"message": "Not Found"}, {})
        if rest == "" and method == "GET":
            return 200, {"id": 1, "name": self.repository.split("/")[1],
                         "full_name": self.repository, "url": self.api(""),
                         "html_url": f"{self.url}/{self.repository}",
                         "owner": {"login": self.owner, "type": "Organization"},
                         "default_branch": "main", "private": False}, {}

        if method == "DELETE" and (m := re.fullmatch(r"/git/refs/heads/(.+)", rest)):
            if self.refs.pop(m.group(1), None) is None:
                return 422, {"message": "Reference does not exist"}, {}
            self.files.pop(m.group(1), None)
            return 204, None, {}
        if m := re.fullmatch(r"/git/ref/heads/(.+)", rest):
            branch = m.group(1)
            if branch not in self.refs:
                return not_found
            sha = self.refs[branch]
            return 200, {"ref": f"refs/heads/{branch}",
                         "url": self.api(f"/git/refs/heads/{branch}"),
                         "object": {"sha": sha, "type": "commit",
                                    "url": self.api(f"/git/commits/{sha}")}}, {}
        if rest == "/git/refs" and method == "POST":
            branch = data["ref"].removeprefix("refs/heads/")
            self.refs[branch] = data["sha"]
            self.files[branch] = dict(self.files["main"])
            return 201, {"ref": data["ref"], "url": self.api(f"/git/{data['ref']}"),
                         "object": {"sha": data["sha"], "type": "commit",
                                    "url": self.api(f"/git/commits/{data['sha']}")}}, {}
        if m := re.fullmatch(r"/contents/(.+)", rest):
            filepath = m.group(1)
            branch = (query.get("ref") or [None])[0] or (data or {}).get(
                "branch", "main")
            if branch not in self.files:
                return 404, {"message": f"No commit found for the ref {branch}"}, {}
            files = self.files[branch]
            if method == "GET":
                if filepath not in files:
                    return not_found
                return 200, self._content(branch, filepath), {}
            if method == "PUT":
                if filepath in files and data.get("sha") != self._sha(files[filepath]):
                    return 409, {"message": "sha does not match"}, {}
                files[filepath] = base64.b64decode(data["content"]).decode("utf-8")
                return (200 if data.get("sha") else 201), {
                    "content": self._content(branch, filepath),
                    "commit": self._commit(branch)}, {}
            if method == "DELETE":
                files.pop(filepath, None)
                return 200, {"content": None, "commit": self._commit(branch)}, {}
        if rest == "/pulls" and method == "GET":
            state = query.get("state", ["open"])[0]
            head = query.get("head", [None])[0]
            items = [self._pull_json(n) for n in sorted(self.pulls)
                     if state in ("all", self.pulls[n]["state"])
                     and (head is None or f"{self.owner}:{self.pulls[n]['head']}"
                          == head)]
            return self._page(path, query, items)
        if rest == "/pulls" and method == "POST":
            number = self.next_number
            self.next_number += 1
            self.pulls[number] = {"title": data["title"], "body": data["body"],
                                  "head": data["head"], "base": data["base"],
                                  "state": "open", "merged": False}
            return 201, self._pull_json(number), {}
        if m := re.fullmatch(r"/pulls/(\d+)(/files|/merge)?", rest):
            number, tail = int(m.group(1)), m.group(2)
            if number not in self.pulls:
                return not_found
            pull = self.pulls[number]
            if tail == "/files":
                base = self.files[pull["base"]]
                head = self.files.get(pull["head"], {})
                items = [{"filename": p, "status": "added", "sha": self._sha(t)}
                         for p, t in sorted(head.items()) if base.get(p) != t]
                return self._page(path, query, items)
            if tail == "/merge":
                self.files[pull["base"]].update(self.files[pull["head"]])
                pull.update(state="closed", merged=True)
                return 200, {"merged": True, "message": "Pull Request successfully "
                             "merged", "sha": self._commit(pull["base"])["sha"]}, {}
            if method == "PATCH":
                pull.update({k: v for k, v in data.items()
                             if k in ("title", "body", "state")})
            return 200, self._pull_json(number), {}
        if m := re.fullmatch(r"/issues/(\d+)(/comments|/labels)?", rest):
            number, tail = int(m.group(1)), m.group(2)
            issue = self.issues.setdefault(number, {"body": "", "state": "open",
                                                    "labels": [],
                                                    "state_reason": None})
            if tail == "/comments":
                self.comments.setdefault(number, []).append(data["body"])
                cid = sum(len(c) for c in self.comments.values())
                return 201, {"id": cid, "body": data["body"],
                             "url": self.api(f"/issues/comments/{cid}"),
                             "html_url": f"{self.url}/{self.repository}/issues/"
                                         f"{number}#issuecomment-{cid}"}, {}
            if tail == "/labels":
                names = data if isinstance(data, list) else data["labels"]
                for name in names:
                    if name not in issue["labels"]:
                        issue["labels"].append(name)
                return 200, [self._label(n) for n in issue["labels"]], {}
            if method == "PATCH":
                issue.update(data)
            return 200, {"number": number, "url": self.api(f"/issues/{number}"),
                         "html_url": f"{self.url}/{self.repository}/issues/{number}",
                         "title": "", "body": issue["body"], "state": issue["state"],
                         "labels": [self._label(n) for n in issue["labels"]]}, {}
        return not_found
