#!/usr/bin/python3
"""End-to-end checks of `picket view` without a browser (the browser test is web/test/e2e.mjs).

    view_test.py PICKET CASE

CASE is one of:
  serves      serves the report over HTTP on 127.0.0.1, refuses paths that climb out of the folder
              (sent raw, so no client tidies them), and stops on Ctrl-C (SIGINT) with status 0;
  no-report   a folder without a report: a clear message and exit status 2;
  port-in-use a port another program holds: a clear message and exit status 2.
"""
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile

picket, case = sys.argv[1], sys.argv[2]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def raw_get(port, target):
    """The status line and body of GET target, sent byte for byte as given."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body


with tempfile.TemporaryDirectory() as tmp:
    out = pathlib.Path(tmp, "out")
    (out / "report").mkdir(parents=True)
    (out / "report" / "index.html").write_text("<!doctype html><title>picket</title>REPORT-PAGE\n")
    (out / "summary.json").write_text('{"format": "picket-summary/1"}\n')
    pathlib.Path(tmp, "secret.txt").write_text("TOPSECRET\n")

    if case == "serves":
        p = subprocess.Popen([picket, "view", str(out), "--port", "0"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        line = p.stdout.readline()
        print(line.strip())
        m = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", line)
        check(m is not None, "prints the URL on 127.0.0.1")
        if m:
            port = int(m.group(1))
            status, body = raw_get(port, m.group(2))
            check(m.group(2) == "/report/" and status.endswith("200 OK") and b"REPORT-PAGE" in body,
                  f"the printed URL {m.group(2)} serves the report ({status})")
            status, _ = raw_get(port, "/report")
            check(" 301 " in status, f"/report redirects to /report/ ({status})")
            status, body = raw_get(port, "/summary.json")
            check(status.endswith("200 OK") and b"picket-summary" in body, "serves the run's other files")
            for target in ["/../secret.txt", "/report/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                           "/%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "//" + str(pathlib.Path(tmp, "secret.txt")),
                           str(pathlib.Path(tmp, "secret.txt"))]:
                status, body = raw_get(port, target)
                check(re.search(r" 4\d\d ", status + " ") is not None and b"TOPSECRET" not in body,
                      f"refuses {target} ({status})")
            # Only 127.0.0.1: the port is not open on the machine's other addresses.
            try:
                other = socket.gethostbyname(socket.gethostname())
            except OSError:
                other = None
            if other and not other.startswith("127."):
                with socket.socket() as s:
                    s.settimeout(2)
                    check(s.connect_ex((other, port)) != 0, f"not reachable on {other}")
        p.send_signal(signal.SIGINT)
        try:
            rest, _ = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            rest, _ = p.communicate()
        print(rest.strip())
        check(p.returncode == 0 and "Stopped" in rest, f"stops on Ctrl-C with status 0 (got {p.returncode})")

    elif case == "no-report":
        empty = pathlib.Path(tmp, "empty")
        empty.mkdir()
        r = subprocess.run([picket, "view", str(empty)], capture_output=True, text=True, timeout=20)
        print(r.stdout + r.stderr)
        check(r.returncode == 2, f"exit status 2 (got {r.returncode})")
        check("no report" in r.stderr and "picket run" in r.stderr, "says there is no report and how to make one")

    elif case == "port-in-use":
        with socket.socket() as held:
            held.bind(("127.0.0.1", 0))
            held.listen()
            port = held.getsockname()[1]
            r = subprocess.run([picket, "view", str(out), "--port", str(port)], capture_output=True, text=True,
                               timeout=20)
        print(r.stdout + r.stderr)
        check(r.returncode == 2, f"exit status 2 (got {r.returncode})")
        check(f"127.0.0.1:{port}" in r.stderr and "in use" in r.stderr, "names the port and says it is in use")
    else:
        sys.exit(f"unknown case {case}")

sys.exit(1 if failures else 0)
